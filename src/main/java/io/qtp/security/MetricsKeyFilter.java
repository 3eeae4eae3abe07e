package io.qtp.security;

import java.util.List;

import org.jboss.logging.Logger;

import io.qtp.http.ErrorResponse;
import io.qtp.http.ErrorType;
import io.qtp.config.AppConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Optionally puts {@code /metrics} behind a key ({@code METRICS_API_KEY}), sent as {@code X-API-Key} or as
 * {@code Authorization: Bearer} (what Prometheus's {@code authorization} scrape setting sends). Open when unset,
 * like health. A Vert.x filter because {@code /metrics} is served by Micrometer's route, not by Quarkus REST.
 */
@Singleton
public class MetricsKeyFilter {

    private static final Logger LOG = Logger.getLogger(MetricsKeyFilter.class);
    private static final String BEARER = "Bearer ";

    private final ApiKeys key;

    public MetricsKeyFilter(AppConfig config) {
        this.key = new ApiKeys(config.security().metricsApiKey().map(List::of).orElse(List.of()));
    }

    void register(@Observes Filters filters) {
        if (key.isEmpty()) {
            return;
        }
        LOG.info("/metrics needs METRICS_API_KEY (X-API-Key or Authorization: Bearer)");
        filters.register(this::handle, RateLimiter.PRIORITY - 1);
    }

    private void handle(RoutingContext rc) {
        if (!rc.normalizedPath().equals("/metrics")) {
            rc.next();
            return;
        }
        String candidate = rc.request().getHeader(ApiKeyFilter.HEADER);
        String auth = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (candidate == null && auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            candidate = auth.substring(BEARER.length()).strip();
        }
        if (key.matches(candidate)) {
            rc.next();
            return;
        }
        LOG.warnf("Rejected GET /metrics with 401: %s", candidate == null ? "no metrics key" : "invalid metrics key");
        ErrorResponse.send(rc.response(), ErrorType.AUTHENTICATION,
                candidate == null ? "missing metrics key (X-API-Key or Authorization: Bearer)" : "invalid metrics key");
    }
}
