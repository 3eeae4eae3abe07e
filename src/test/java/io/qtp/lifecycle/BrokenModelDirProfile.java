package io.qtp.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import io.qtp.support.ModelFiles;
import io.qtp.support.SharedTempDir;
import io.quarkus.test.junit.QuarkusTestProfile;

/** A MODEL_DIR whose current/ model fails verification at start-up. */
public class BrokenModelDirProfile implements QuarkusTestProfile {

    static final Path DIR = SharedTempDir.get("broken-model-dir", dir -> {
        try {
            ModelFiles.writeTamperedCopy(dir.resolve("current"), "0.0.1-broken");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qtp.model.dir", DIR.toString(), "qtp.model.watch-interval", "200ms");
    }
}
