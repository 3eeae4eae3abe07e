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

    Http http();

    AotTraining aotTraining();

    /** The training run that records the JVM's ahead-of-time cache ({@code io.qtp.aot.AotTraining}). */
    interface AotTraining {
        /** {@code QTP_AOT_TRAINING}: after start-up, send requests to this server for a while, then exit. */
        @WithDefault("false")
        boolean enabled();

        /** {@code QTP_AOT_TRAINING_DURATION}: how long the training run sends requests. */
        @WithDefault("20s")
        Duration duration();
    }

    interface Http {
        /**
         * {@code REQUEST_BODY_TIMEOUT}: how long a request may take to deliver the body its headers announce; a body
         * still incomplete then is answered 408 in the error envelope and the connection is closed.
         */
        @WithDefault("10s")
        Duration bodyTimeout();
    }

    interface Log {
        /** {@code LOG_DIR}: where {@code combined.log} and {@code error.log} go; no files when unset. */
        Optional<Path> dir();
    }

    Security security();

    Cache cache();

    Store store();

    Amqp amqp();

    Search search();

    Playground playground();

    /** The playground page ({@code /playground}, io.qtp.playground; docs/PLAYGROUND.md). */
    interface Playground {
        /**
         * {@code QTP_PLAYGROUND_ENABLED}: serve the page. Unset: on outside production, off with
         * {@code APP_ENV=production}.
         */
        Optional<Boolean> enabled();
    }

    /** Adaptive hybrid search (io.qtp.search, docs/SEARCH.md). */
    interface Search {
        /**
         * {@code EMBEDDINGS_PROVIDER}: {@code bilingual} (in process: all-MiniLM-L6-v2, 384 dimensions, and for Japanese
         * bge-small-zh-v1.5, 512), {@code bilingual-e5} (e5-small-v2 for English, 384, and bge-small-zh-v1.5 for
         * Japanese), {@code minilm} (all-MiniLM-L6-v2 for every language) or {@code openai}.
         */
        @WithDefault("bilingual")
        String embeddingsProvider();

        /**
         * How often the service compares its embedding models with the models recorded for the vector columns
         * (io.qtp.search.EmbeddingSpaces): after {@code reembed} with another provider, vector search answers 503
         * within this time instead of comparing vectors of two models.
         */
        @WithDefault("10s")
        Duration embeddingSpacesRecheck();

        /** {@code EMBEDDINGS_BASE_URL}: an OpenAI-compatible API, e.g. {@code https://api.openai.com/v1}. */
        Optional<String> embeddingsBaseUrl();

        /** {@code EMBEDDINGS_MODEL}: the model name the OpenAI-compatible API is asked for. */
        Optional<String> embeddingsModel();

        /** {@code EMBEDDINGS_API_KEY}: sent as a bearer token to the OpenAI-compatible API. */
        Optional<String> embeddingsApiKey();

        /** {@code EMBEDDINGS_DIMENSIONS}: asked of OpenAI-compatible models that can shorten (must match the table). */
        Optional<Integer> embeddingsDimensions();

        /** {@code SEARCH_WEIGHTS_FILE}: strategy and weights per query type written by {@code fit-weights}; SPEC defaults when unset. */
        Optional<Path> weightsFile();

        /**
         * {@code SEARCH_FUSION_MODEL}: the learned per-query fusion written by {@code fit-fusion}: {@code bundled} (the
         * model shipped in the jar, fitted on BEIR SciFact and JSQuAD), a file path, or {@code none} (the type policy
         * serves every search). A model that cannot be read is logged and the type policy serves.
         */
        @WithDefault("bundled")
        String fusionModel();

        /** Documents each of the keyword and vector searches contributes before fusion. */
        @WithDefault("100")
        int candidates();
    }

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

        /** {@code METRICS_API_KEY}: when set, {@code /metrics} needs it ({@code X-API-Key} or {@code Authorization: Bearer}). */
        Optional<String> metricsApiKey();
    }

    // ---- Security and reliability (issue 5): rate limits, CORS/headers/TLS, error reporting, degradation

    RateLimit rateLimit();

    Tls tls();

    Sentry sentry();

    Degradation degradation();

    interface RateLimit {
        /** {@code RATE_LIMIT_REQUESTS}: requests per window per API key (else per client IP); off when unset. */
        Optional<Integer> requests();

        /** {@code RATE_LIMIT_WINDOW}, e.g. {@code 15m}. */
        @WithDefault("15m")
        Duration window();

        /**
         * {@code RATE_LIMIT_ROUTES}: per-route overrides, {@code path=requests[/window]} separated by commas, e.g.
         * {@code /api/predict-query-type/batch=10/1m}; a path ending in {@code /*} covers everything below it.
         */
        Optional<List<String>> routes();

        /**
         * {@code TRUSTED_PROXIES}: addresses or CIDR ranges of reverse proxies whose {@code X-Forwarded-For} is
         * believed; from any other peer the header is ignored.
         */
        Optional<List<String>> trustedProxies();

        /** The longest a request waits for the shared (Redis) limiter before it is let through (fail open). */
        @WithDefault("200ms")
        Duration redisTimeout();
    }

    interface Tls {
        /** True when {@code TLS_CERT_FILE} and {@code TLS_KEY_FILE} are set (derived by EnvironmentConfigSource). */
        @WithDefault("false")
        boolean enabled();
    }

    interface Sentry {
        /** {@code SENTRY_DSN}: unhandled errors are reported to Sentry when set. */
        Optional<String> dsn();

        /** {@code SENTRY_SEND_QUERY}: attach the query text to reported errors (off: queries may be personal data). */
        @WithDefault("false")
        boolean sendQuery();
    }

    interface Degradation {
        /**
         * {@code DEGRADE_HEAP_PERCENT}: the long-lived heap (old / tenured generation, or the whole heap of a
         * single-generation collector) after a collection of it, in percent of its maximum, at or above which
         * predictions degrade.
         */
        @WithDefault("90")
        int heapPercent();

        /**
         * While under memory pressure, how old the after-GC reading may get before the service asks the JVM for a
         * collection of the old generation to re-measure it (an idle service may not collect it for hours).
         */
        @WithDefault("30s")
        java.time.Duration memoryRecheck();

        /** {@code DEGRADE_MAX_IN_FLIGHT}: predictions in progress above which new ones degrade. */
        @WithDefault("2000")
        int maxInFlight();

        /**
         * {@code DEGRADE_MAX_LOOP_LAG}: how late an event loop may run a task due now before predictions degrade
         * (the loops are saturated: requests queue behind each other).
         */
        @WithDefault("250ms")
        java.time.Duration maxLoopLag();
    }
}
