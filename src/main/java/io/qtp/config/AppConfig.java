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

    Cache cache();

    Store store();

    Amqp amqp();

    interface Cache {
        /** True when {@code REDIS_HOST} is set (derived by EnvironmentConfigSource): Redis backs the in-process cache. */
        @WithDefault("false")
        boolean redisEnabled();

        /** {@code CACHE_TTL}: how long a cached prediction lives. */
        @WithDefault("1h")
        Duration ttl();

        /** Entries of the in-process cache. */
        @WithDefault("100000")
        long maxSize();

        /** The longest a prediction waits for Redis before it is computed without it. */
        @WithDefault("50ms")
        Duration redisTimeout();
    }

    interface Store {
        /** Capacity of the queue of query-log rows waiting to be written; rows beyond it are dropped and counted. */
        @WithDefault("10000")
        int queryLogQueueSize();
    }

    interface Amqp {
        /** {@code AMQP_URL}, e.g. {@code amqp://guest:guest@127.0.0.1:5672} (a trailing {@code /} names the empty virtual host; the default one is {@code %2F}); the broker endpoint is off when unset. */
        Optional<String> url();

        @WithDefault("query_type_prediction")
        String queue();

        /** Unacknowledged messages a consumer holds at most. */
        @WithDefault("32")
        int prefetch();
    }

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
