package io.qtp.lifecycle;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** An empty MODEL_DIR, admin and user API keys, and a fast watcher. */
public class ModelDirProfile implements QuarkusTestProfile {

    static final Path DIR = io.qtp.support.SharedTempDir.get("model-dir", dir -> { });
    static final String ADMIN_KEY = "admin-secret-key";
    static final String USER_KEY = "user-secret-key";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qtp.model.dir", DIR.toString(),
                "qtp.model.watch-interval", "200ms",
                "qtp.security.admin-api-keys", ADMIN_KEY + ",second-admin-key",
                "qtp.security.api-keys", USER_KEY);
    }
}
