package io.qtp.api;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Replaces the prediction service with {@link FailingPredictionService} and writes log files to a directory. */
public class FailureProfile implements QuarkusTestProfile {

    public static final java.nio.file.Path LOG_DIR = java.nio.file.Path.of("target", "failure-profile-logs");

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FailingPredictionService.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        String dir = LOG_DIR.toAbsolutePath().toString();
        return Map.of("qtp.log.dir", dir,
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", dir + "/combined.log",
                "quarkus.log.file.json.enabled", "true",
                "quarkus.log.file.async.enabled", "false",
                "quarkus.log.category.\"io.qtp\".level", "INFO");
    }
}
