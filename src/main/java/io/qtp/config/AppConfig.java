package io.qtp.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's own settings, in one place; {@code application.properties} maps the environment onto them. */
@ConfigMapping(prefix = "qtp")
public interface AppConfig {

    /** {@code APP_ENV}: {@code production} or {@code development}. */
    @WithDefault("development")
    String environment();

    /** True when {@code APP_ENV} is production (derived by {@link EnvironmentConfigSource}). */
    @WithDefault("false")
    boolean production();

    Log log();

    Model model();

    interface Log {
        /** {@code LOG_DIR}: where {@code combined.log} and {@code error.log} go; no files when unset. */
        Optional<Path> dir();
    }

    Security security();

    interface Model {
        /** {@code MODEL_DIR}: a model directory with {@code current/}; the bundled model when unset. */
        Optional<Path> dir();

        /** How often the model directory is checked for changes. */
        @WithDefault("5s")
        Duration watchInterval();
    }

    interface Security {
        /** {@code API_KEYS}: keys accepted on {@code /api/**}; the API is open when empty. */
        Optional<List<String>> apiKeys();

        /** {@code ADMIN_API_KEYS}: keys accepted on the admin routes; the admin routes are closed when empty. */
        Optional<List<String>> adminApiKeys();
    }
}
