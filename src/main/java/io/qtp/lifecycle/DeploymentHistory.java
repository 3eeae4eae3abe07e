package io.qtp.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code deployment-history.json}: an append-only JSON array of the models that became current. Entries are
 * only ever added; the file is rewritten through a temporary file and an atomic rename so that a reader never
 * sees half a file.
 */
final class DeploymentHistory {

    /** One deployment: which version became current, from where, when, in which environment, and why. */
    record Entry(String version, String path, String deployedAt, String environment, String event) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    DeploymentHistory(Path file) {
        this.file = file;
    }

    synchronized List<Entry> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() {
        });
    }

    synchronized void append(Entry entry) throws IOException {
        List<Entry> entries = new ArrayList<>(read());
        entries.add(entry);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), entries);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The version of the last entry, or null. */
    String lastVersion() throws IOException {
        List<Entry> entries = read();
        return entries.isEmpty() ? null : entries.get(entries.size() - 1).version();
    }
}
