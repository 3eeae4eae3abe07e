package io.qtp.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds model directories for lifecycle tests from the model bundled in the jar. */
public final class ModelFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {
    }

    public static ObjectNode bundledMetadata() throws IOException {
        try (InputStream in = resource("metadata.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    /** Writes a copy of the bundled model into {@code dir} (created), with the given version. */
    public static void writeBundledCopy(Path dir, String version) throws IOException {
        Path tmp = Files.createTempDirectory(dir.getParent(), ".tmp-model-");
        ObjectNode meta = bundledMetadata();
        String modelFile = meta.get("modelFile").asText();
        try (InputStream in = resource(modelFile)) {
            Files.copy(in, tmp.resolve(modelFile));
        }
        meta.put("version", version);
        JSON.writeValue(tmp.resolve("metadata.json").toFile(), meta);
        replace(tmp, dir);
    }

    /** Replaces a model directory by another in one rename, as a careful deployment tool would. */
    public static void replace(Path source, Path target) throws IOException {
        if (Files.exists(target)) {
            Path old = target.resolveSibling(".old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            delete(old);
        } else {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** A copy of the bundled model whose model file was altered after its checksum was recorded. */
    public static void writeTamperedCopy(Path dir, String version) throws IOException {
        Path tmp = Files.createTempDirectory(dir.getParent(), ".tmp-model-");
        writeBundledCopy(tmp.resolve("m"), version);
        Path model = tmp.resolve("m").resolve(bundledMetadata().get("modelFile").asText());
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(model, bytes);
        replace(tmp.resolve("m"), dir);
        delete(tmp);
    }

    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream("model/current/" + name);
        if (in == null) {
            throw new IOException("bundled model resource missing: model/current/" + name);
        }
        return in;
    }
}
