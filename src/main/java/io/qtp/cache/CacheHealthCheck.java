package io.qtp.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.qtp.healthcheck.ComponentStatus;
import io.qtp.healthcheck.DependencyCheck;
import jakarta.inject.Singleton;

/**
 * The {@code cache} component of {@code /health/details}: a real Redis PING, bounded well under the health
 * route's 900 ms so that a hung Redis (a paused process) is reported as down instead of stalling the route.
 */
@Singleton
public class CacheHealthCheck implements DependencyCheck {

    static final Duration PING_TIMEOUT = Duration.ofMillis(500);

    private final PredictionCache cache;

    public CacheHealthCheck(PredictionCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public ComponentStatus check() {
        if (!cache.redisEnabled()) {
            return ComponentStatus.notConfigured("REDIS_HOST is not set; the in-process cache (Caffeine) is active, "
                    + cache.localSize() + " entries");
        }
        long start = System.nanoTime();
        try {
            cache.ping(PING_TIMEOUT).await().indefinitely();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("layers", "memory+redis");
            detail.put("memoryEntries", cache.localSize());
            return ComponentStatus.ok(millisSince(start), detail);
        } catch (RuntimeException e) {
            // await() wraps checked exceptions (the timeout) in a CompletionException: report the cause.
            Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String error = t.getMessage() != null ? t.getMessage() : t.toString();
            return ComponentStatus.failed("Redis: " + error + "; predictions are served from the in-process cache",
                    millisSince(start));
        }
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
