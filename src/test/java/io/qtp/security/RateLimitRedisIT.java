package io.qtp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.qtp.cache.RedisServer;
import io.qtp.support.JarProcess;
import io.qtp.support.PrometheusText;

/**
 * Two instances of the packaged jar sharing one (private) redis-server: the limit holds across them. With Redis
 * killed the limiter fails open (predictions keep working) and says so in the log and the metrics; with Redis back
 * the shared limit applies again.
 */
class RateLimitRedisIT {

    private static final String BODY = "{\"query\": \"shared rate limit\"}";

    @Test
    void theLimitIsSharedThroughRedisAndFailsOpenWithoutIt() throws Exception {
        int redisPort = RedisServer.port();
        if (!RedisServer.pings(redisPort)) {
            RedisServer.start();
        }
        Map<String, String> env = Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", Integer.toString(redisPort),
                "RATE_LIMIT_REQUESTS", "5", "RATE_LIMIT_WINDOW", "1h", "API_KEYS", "warm-up-key,shared-key",
                // A pause of two JVMs on a busy 2-core machine must not count as a Redis failure (that lets the
                // request through uncounted); a killed Redis is refused at once, whatever the bound.
                "QTP_RATE_LIMIT_REDIS_TIMEOUT", "2s");
        String key = "shared-key";
        try (JarProcess a = JarProcess.start(env); JarProcess b = JarProcess.start(env)) {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));
            // The first call of each instance opens its Redis connection (and may take longer than the bound).
            a.postJson("/api/predict-query-type", BODY, "X-API-Key", "warm-up-key");
            b.postJson("/api/predict-query-type", BODY, "X-API-Key", "warm-up-key");
            for (int i = 0; i < 3; i++) {
                assertThat(a.postJson("/api/predict-query-type", BODY, "X-API-Key", key).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> r = b.postJson("/api/predict-query-type", BODY, "X-API-Key", key);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("RateLimit-Remaining")).contains("1");
            assertThat(b.postJson("/api/predict-query-type", BODY, "X-API-Key", key).statusCode()).isEqualTo(200);
            HttpResponse<String> refused = b.postJson("/api/predict-query-type", BODY, "X-API-Key", key);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("\"type\":\"RateLimitError\"").contains("\"code\":429");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(a.postJson("/api/predict-query-type", BODY, "X-API-Key", key).statusCode()).isEqualTo(429);

            RedisServer.kill();
            for (int i = 0; i < 5; i++) {
                assertThat(a.postJson("/api/predict-query-type", BODY, "X-API-Key", key).statusCode())
                        .as("fail open while Redis is down").isEqualTo(200);
            }
            assertThat(new PrometheusText(a.get("/metrics").body()).sum("query_type_rate_limit_errors_total", Map.of()))
                    .isGreaterThanOrEqualTo(5.0);
            assertThat(a.stdout()).contains("Rate limiter: Redis failed").doesNotContain(key);

            RedisServer.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status = 200;
            while (status != 429 && System.nanoTime() < deadline) {
                status = a.postJson("/api/predict-query-type", BODY, "X-API-Key", key).statusCode();
                Thread.sleep(200);
            }
            // A fresh Redis has no buckets: five more are allowed, then the shared limit applies again.
            assertThat(status).as("the shared limit applies again once Redis is back").isEqualTo(429);
        }
    }
}
