package io.qtp.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A temporary directory shared by the test and the Quarkus application under test. Quarkus loads test
 * profiles in its own class loader too, so a static field would be initialised twice with two directories;
 * a JVM-wide system property holds the one path instead. {@code init} runs once, when the directory is made.
 */
public final class SharedTempDir {

    private SharedTempDir() {
    }

    public static synchronized Path get(String name, Consumer<Path> init) {
        String key = "query-type-predictor-tests.dir." + name;
        String existing = System.getProperty(key);
        if (existing != null) {
            return Path.of(existing);
        }
        try {
            Path dir = Files.createTempDirectory("qtp-" + name);
            init.accept(dir);
            System.setProperty(key, dir.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
