package io.qtp.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.qtp.analysis.Language;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;
import io.qtp.config.AppConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Cached predictions per (model version, normalised query: {@link io.qtp.analysis.QueryText}): Caffeine in process, always; Redis behind it when
 * {@code REDIS_HOST} is set, so that replicas share their work and a restart starts warm.
 *
 * <p>Redis is an optimisation, never a dependency of a prediction: a read waits at most
 * {@code qtp.cache.redis-timeout} (default 50 ms), writes are fire-and-forget, and any failure or timeout is
 * counted in {@code query_type_cache_errors_total} and treated as a miss. The Quarkus Redis client reconnects
 * by itself, so the cache recovers without a restart once Redis is back.
 *
 * <p>Metrics: {@code query_type_cache_requests_total{layer="memory|redis", result="hit|miss"}} (a Redis
 * look-up happens only after a memory miss), {@code query_type_cache_errors_total{operation="get|set"}} and
 * the gauge {@code query_type_cache_entries} (entries in the in-process cache).
 */
@Singleton
public class PredictionCache {

    private static final Logger LOG = Logger.getLogger(PredictionCache.class);

    /** Prefix of the Redis keys, so that the cache's keys can be told apart (and flushed) in a shared Redis. */
    static final String REDIS_PREFIX = "qtp:prediction:";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is cached: everything of a prediction except the query text, which the request supplies. */
    public record Entry(Language language, Prediction prediction) {
    }

    /** The compact JSON kept in Redis: type, probabilities (in {@link QueryType} order), language, version. */
    record Stored(String t, double[] p, String l, String v) {
    }

    private final Cache<String, Entry> local;
    private final RedisAPI redis;
    private final Duration timeout;
    private final String ttlSeconds;
    private final Counter memoryHits;
    private final Counter memoryMisses;
    private final Counter redisHits;
    private final Counter redisMisses;
    private final Counter getErrors;
    private final Counter setErrors;
    /** True while Redis calls fail; only the transitions are logged, not every failed call. */
    private volatile boolean redisFailing;

    public PredictionCache(AppConfig config, MeterRegistry registry, Instance<RedisAPI> redisClient) {
        AppConfig.Cache c = config.cache();
        // The system scheduler removes expired entries when they expire, not at the next write: a service answering
        // degraded under memory pressure (reads only, mostly misses) still frees the memory of its expired entries.
        // Maintenance (eviction, the frequency sketch) runs on the thread that writes, not on the common fork-join
        // pool: handing it over woke a pool thread for every few writes, and its spinning and parking cost more CPU
        // than the work itself (3 % of the server's CPU under unique queries, docs/BENCHMARKS.md, "CPU time per
        // request"). The work is short and bounded, so it is fine on the event loop.
        this.local = Caffeine.newBuilder().expireAfterWrite(c.ttl()).maximumSize(c.maxSize())
                .executor(Runnable::run).scheduler(Scheduler.systemScheduler()).build();
        // The client bean is only resolved when Redis is configured: without REDIS_HOST it has no hosts.
        this.redis = c.redisEnabled() ? redisClient.get() : null;
        this.timeout = c.redisTimeout();
        this.ttlSeconds = Long.toString(Math.max(1, c.ttl().toSeconds()));
        this.memoryHits = requests(registry, "memory", "hit");
        this.memoryMisses = requests(registry, "memory", "miss");
        this.redisHits = requests(registry, "redis", "hit");
        this.redisMisses = requests(registry, "redis", "miss");
        this.getErrors = errors(registry, "get");
        this.setErrors = errors(registry, "set");
        Gauge.builder("query.type.cache.entries", local, Cache::estimatedSize)
                .description("Entries in the in-process prediction cache").register(registry);
        LOG.infof("Prediction cache: in-process (ttl %s, max %d entries)%s", c.ttl(), c.maxSize(),
                redis != null ? " backed by Redis" : "; REDIS_HOST not set, no shared cache");
    }

    private static Counter requests(MeterRegistry registry, String layer, String result) {
        return Counter.builder("query.type.cache.requests").description("Prediction cache look-ups")
                .tags("layer", layer, "result", result).register(registry);
    }

    private static Counter errors(MeterRegistry registry, String operation) {
        return Counter.builder("query.type.cache.errors")
                .description("Redis cache calls that failed or timed out (each served as a miss)")
                .tags("operation", operation).register(registry);
    }

    /**
     * The cache key: the model version and the query exactly as the analysis reads it. The query arrives normalised
     * ({@link io.qtp.analysis.QueryText}, applied by the input rules) and is not normalised again here: a key that
     * folded more than the analysis does (NFKC once did) would let a full-width and a half-width form share an answer
     * the model gives only to one of them.
     */
    static String key(String modelVersion, String query) {
        return modelVersion + '\u0000' + query;
    }

    public boolean redisEnabled() {
        return redis != null;
    }

    /** The cached prediction or a null item; never fails. Memory hits complete at once. */
    public Uni<Entry> get(String modelVersion, String query) {
        String key = key(modelVersion, query);
        Entry hit = local.getIfPresent(key);
        if (hit != null) {
            memoryHits.increment();
            return Uni.createFrom().item(hit);
        }
        memoryMisses.increment();
        if (redis == null) {
            return Uni.createFrom().nullItem();
        }
        return redis.get(REDIS_PREFIX + key)
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no Redis answer within " + timeout.toMillis() + " ms"))
                .map(r -> r == null ? null : decode(r.toString()))
                .invoke(found -> {
                    redisOk();
                    if (found != null) {
                        redisHits.increment();
                        local.put(key, found);
                    } else {
                        redisMisses.increment();
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    getErrors.increment();
                    redisMisses.increment();
                    redisFailed("GET", e);
                    return null;
                });
    }

    /** The in-process entry only (never Redis), or null: for degraded mode, which must not wait on anything. */
    public Entry getLocal(String modelVersion, String query) {
        Entry hit = local.getIfPresent(key(modelVersion, query));
        (hit != null ? memoryHits : memoryMisses).increment();
        return hit;
    }

    /** Stores a prediction: in memory now, in Redis in the background (never awaited by the request). */
    public void put(String modelVersion, String query, Entry entry) {
        String key = key(modelVersion, query);
        local.put(key, entry);
        if (redis == null) {
            return;
        }
        redis.set(List.of(REDIS_PREFIX + key, encode(entry), "EX", ttlSeconds))
                .ifNoItem().after(timeout.multipliedBy(10)).failWith(() -> new TimeoutException("SET not acknowledged"))
                .subscribe().with(ok -> redisOk(), e -> {
                    setErrors.increment();
                    redisFailed("SET", e);
                });
    }

    /** A real round trip to Redis, bounded by {@code limit}; fails when Redis does not answer. */
    public Uni<Response> ping(Duration limit) {
        return redis.ping(List.of()).ifNoItem().after(limit)
                .failWith(() -> new TimeoutException("no PING answer within " + limit.toMillis() + " ms"));
    }

    public long localSize() {
        return local.estimatedSize();
    }

    /** Test hook: forget the in-process entries so that the next look-up goes to Redis. */
    void invalidateLocal() {
        local.invalidateAll();
    }

    private void redisOk() {
        if (redisFailing) {
            redisFailing = false;
            LOG.info("Redis cache answers again");
        }
    }

    private void redisFailed(String op, Throwable e) {
        if (!redisFailing) {
            redisFailing = true;
            LOG.warnf("Redis cache %s failed (%s); predictions are served without it until it recovers", op, e);
        }
    }

    static String encode(Entry e) {
        Prediction p = e.prediction();
        try {
            return JSON.writeValueAsString(new Stored(p.type().label(), p.probabilities(), e.language().code(),
                    p.modelVersion()));
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    static Entry decode(String json) {
        try {
            Stored s = JSON.readValue(json, Stored.class);
            return new Entry(Language.ofCode(s.l()), new Prediction(QueryType.fromLabel(s.t()), s.p(), s.v()));
        } catch (JsonProcessingException x) {
            throw new IllegalArgumentException("unreadable cache entry: " + x.getOriginalMessage());
        }
    }
}
