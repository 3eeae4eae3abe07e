package io.qtp.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The layout of an external model directory ({@code MODEL_DIR}, docs/MODEL.md):
 * <pre>
 * current/                  the serving model (model file + metadata.json)
 * green/                    optional candidate for blue/green and canary
 * previous/                 the model that {@code current} replaced at the last promote (for roll-back)
 * traffic.json              {"greenPercent": n, "canaryUserIds": [...]}: shared by every instance on the volume
 * deployment-history.json   append-only record of deployments
 * </pre>
 */
final class ModelDirectory {

    static final String CURRENT = "current";
    static final String GREEN = "green";
    static final String PREVIOUS = "previous";
    static final String ROLLED_BACK = "rolled-back";

    private static final ObjectMapper JSON = new ObjectMapper();

    record TrafficFile(int greenPercent, List<String> canaryUserIds) {
    }

    private final Path root;
    private final DeploymentHistory history;

    ModelDirectory(Path root) {
        this.root = root;
        this.history = new DeploymentHistory(root.resolve("deployment-history.json"));
    }

    Path root() {
        return root;
    }

    Path slot(String name) {
        return root.resolve(name);
    }

    boolean hasModel(String name) {
        return Files.isRegularFile(slot(name).resolve("metadata.json"));
    }

    DeploymentHistory history() {
        return history;
    }

    /**
     * A cheap fingerprint of a slot: names, sizes and modification times of its files, so a change (or a new
     * directory replacing the old by rename) is noticed without reading the model.
     */
    String fingerprint(String name) {
        Path dir = slot(name);
        if (!Files.isDirectory(dir)) {
            return "absent";
        }
        List<String> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                parts.add(f.getFileName() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis() + ":" + a.fileKey());
            }
        } catch (IOException e) {
            return "unreadable:" + e.getMessage();
        }
        parts.sort(Comparator.naturalOrder());
        return String.join("|", parts);
    }

    String trafficFingerprint() {
        Path f = root.resolve("traffic.json");
        try {
            return Files.exists(f) ? Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis() : "absent";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    TrafficSplit readTraffic() throws IOException {
        Path f = root.resolve("traffic.json");
        if (!Files.exists(f)) {
            return TrafficSplit.NONE;
        }
        TrafficFile t = JSON.readValue(f.toFile(), TrafficFile.class);
        return TrafficSplit.of(t.greenPercent(), t.canaryUserIds());
    }

    void writeTraffic(TrafficSplit split) throws IOException {
        Path tmp = root.resolve("traffic.json.tmp");
        JSON.writeValue(tmp.toFile(), new TrafficFile(split.greenPercent(),
                split.canaryUserIds().stream().sorted().toList()));
        Files.move(tmp, root.resolve("traffic.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Copies classpath resources (the bundled model's files) into a new slot, atomically by rename. */
    void seed(String name, String resourceDir, List<String> files) throws IOException {
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, "." + name + "-");
        for (String file : files) {
            try (InputStream in = ModelDirectory.class.getClassLoader().getResourceAsStream(resourceDir + "/" + file)) {
                if (in == null) {
                    throw new IOException("bundled model file missing: " + resourceDir + "/" + file);
                }
                Files.copy(in, tmp.resolve(file));
            }
        }
        Files.move(tmp, slot(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Renames slot {@code from} to {@code to}, deleting whatever {@code to} held. */
    void move(String from, String to) throws IOException {
        deleteSlot(to);
        Files.move(slot(from), slot(to), StandardCopyOption.ATOMIC_MOVE);
    }

    void deleteSlot(String name) throws IOException {
        Path dir = slot(name);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
