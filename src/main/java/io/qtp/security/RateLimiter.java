package io.qtp.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qtp.http.ErrorResponse;
import io.qtp.http.ErrorType;
import io.qtp.config.AppConfig;
import io.qtp.http.RequestContext;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Rate limits on {@code /api/**} with Bucket4j (docs/RELIABILITY.md "Rate limits"): {@code RATE_LIMIT_REQUESTS} per
 * {@code RATE_LIMIT_WINDOW} per caller, where the caller is its API key when it sent a configured one, else its
 * client address ({@code X-Forwarded-For} only from {@code TRUSTED_PROXIES}); per-route overrides from
 * {@code RATE_LIMIT_ROUTES}. Off when neither is set.
 *
 * <p>With Redis configured ({@code REDIS_HOST}) the buckets live in Redis ({@link RedisBucketStore}) so the
 * limit holds across instances; without it, in process. Every answer on a limited route carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds); a refusal is a 429
 * envelope with {@code Retry-After}. When Redis fails or does not answer within {@code qtp.rate-limit.redis-timeout}
 * the request is let through (fail open: predictions matter more than limits), counted in
 * {@code query_type_rate_limit_errors_total} and logged once per outage.
 *
 * <p>A Vert.x filter (like {@code HttpObservability}) so that refused requests cost no body parsing; it runs
 * after the request id is assigned.
 */
@Singleton
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    /** Just below HttpObservability (Integer.MAX_VALUE), which assigns the request id. */
    static final int PRIORITY = Integer.MAX_VALUE - 10;
    static final String REDIS_PREFIX = "qtp:ratelimit:";

    private final RateLimitPolicy policy;
    private final TrustedProxies proxies;
    private final ApiKeyFilter keys;
    private final Cache<String, Bucket> local;
    private final RedisBucketStore remote;
    private final Duration redisTimeout;
    private final Counter rejections;
    private final Counter errors;
    private volatile boolean redisFailing;

    public RateLimiter(AppConfig config, ApiKeyFilter keys, MeterRegistry registry, Instance<RedisAPI> redis) {
        AppConfig.RateLimit c = config.rateLimit();
        this.policy = RateLimitPolicy.from(c);
        this.proxies = new TrustedProxies(c.trustedProxies().orElse(List.of()));
        this.keys = keys;
        this.redisTimeout = c.redisTimeout();
        Duration keep = policy.longestWindow().plusMinutes(1);
        this.local = Caffeine.newBuilder().expireAfterAccess(keep).maximumSize(200_000).build();
        this.remote = policy.enabled() && config.cache().redisEnabled() ? new RedisBucketStore(redis.get(), redisTimeout) : null;
        this.rejections = Counter.builder("query.type.rate.limit.rejections")
                .description("Requests refused with 429 by the rate limiter").register(registry);
        this.errors = Counter.builder("query.type.rate.limit.errors")
                .description("Rate-limit checks that failed or timed out in Redis (each request let through)")
                .register(registry);
    }

    void register(@Observes Filters filters) {
        if (!policy.enabled()) {
            LOG.info("Rate limiting is off (RATE_LIMIT_REQUESTS / RATE_LIMIT_ROUTES not set)");
            return;
        }
        LOG.infof("Rate limiting: %s, per API key else per client address%s; %s", policy,
                proxies.isEmpty() ? "" : " (X-Forwarded-For from trusted proxies)",
                remote != null ? "shared through Redis" : "in process (REDIS_HOST not set)");
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        RateLimitPolicy.Rule rule = request.method() == HttpMethod.OPTIONS ? null : policy.ruleFor(rc.normalizedPath());
        if (rule == null) {
            rc.next();
            return;
        }
        String bucketKey = rule.id() + '|' + subject(request);
        if (remote == null) {
            decide(rc, rule, localBucket(bucketKey, rule).tryConsumeAndReturnRemaining(1));
            return;
        }
        // The answer arrives on a Redis thread (or the timeout's): hold the body and continue on this loop.
        Context context = Vertx.currentContext();
        request.pause();
        CompletableFuture<ConsumptionProbe> probe;
        try {
            probe = remote.asAsync().builder().build(REDIS_PREFIX + bucketKey, configuration(rule))
                    .tryConsumeAndReturnRemaining(1).orTimeout(redisTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            probe = CompletableFuture.failedFuture(e);
        }
        probe.whenComplete((p, e) -> context.runOnContext(v -> {
            request.resume();
            if (e != null) {
                failOpen(e);
                rc.next();
            } else {
                redisOk();
                decide(rc, rule, p);
            }
        }));
    }

    private void decide(RoutingContext rc, RateLimitPolicy.Rule rule, ConsumptionProbe probe) {
        var response = rc.response();
        response.putHeader("RateLimit-Limit", Long.toString(rule.requests()));
        response.putHeader("RateLimit-Remaining", Long.toString(Math.max(0, probe.getRemainingTokens())));
        response.putHeader("RateLimit-Reset", Long.toString(seconds(probe.getNanosToWaitForReset())));
        if (probe.isConsumed()) {
            rc.next();
            return;
        }
        rejections.increment();
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        String message = "rate limit exceeded: " + rule.requests() + " requests per " + RateLimitPolicy.describe(rule.window())
                + "; retry after " + retryAfter + " s";
        LOG.warnf("Rejected %s %s with 429 RateLimitError: %s (requestId=%s)", rc.request().method(),
                rc.request().path(), message, RequestContext.requestId(rc));
        ErrorResponse.send(response.putHeader("Retry-After", Long.toString(retryAfter)), ErrorType.RATE_LIMIT, message);
    }

    /** The caller: a hash of its API key (never the key itself) when it is a configured key, else its address. */
    private String subject(HttpServerRequest request) {
        String key = request.getHeader(ApiKeyFilter.HEADER);
        if (keys.isKnownKey(key)) {
            return "key:" + sha256(key);
        }
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return "ip:" + proxies.clientIp(peer, request.getHeader("X-Forwarded-For"));
    }

    private Bucket localBucket(String key, RateLimitPolicy.Rule rule) {
        return local.get(key, k -> Bucket.builder().addLimit(l -> l.capacity(rule.requests())
                .refillIntervally(rule.requests(), rule.window())).build());
    }

    private static BucketConfiguration configuration(RateLimitPolicy.Rule rule) {
        return BucketConfiguration.builder()
                .addLimit(l -> l.capacity(rule.requests()).refillIntervally(rule.requests(), rule.window())).build();
    }

    private void failOpen(Throwable e) {
        errors.increment();
        if (!redisFailing) {
            redisFailing = true;
            LOG.warnf("Rate limiter: Redis failed (%s); requests are let through unlimited until it recovers", e);
        }
    }

    private void redisOk() {
        if (redisFailing) {
            redisFailing = false;
            LOG.info("Rate limiter: Redis answers again; limits apply");
        }
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
