package io.qtp.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile that only overrides settings, given as key-value pairs; a test declares its profile in one line:
 * {@code public static class Profile extends ConfigOverrides { public Profile() { super("key", "value"); } }}.
 * (Quarkus instantiates profiles through their no-argument constructor and restarts the application per profile
 * class, so each test keeps a class of its own.)
 */
public abstract class ConfigOverrides implements QuarkusTestProfile {

    private final Map<String, String> overrides = new LinkedHashMap<>();

    protected ConfigOverrides(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key-value pairs expected, got " + keyValues.length + " strings");
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.copyOf(overrides);
    }
}
