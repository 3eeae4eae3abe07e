package io.qtp.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.qtp.api.ErrorResponse;
import io.qtp.api.ErrorType;
import io.qtp.config.AppConfig;
import io.qtp.security.TrustedProxies;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * One Vert.x filter in front of every route: it assigns the request id (echoed as {@code X-Request-Id}),
 * refuses bodies over the limit before they are read, and when the response ends records the seed's
 * {@code http_request_duration_ms{method, route, status_code}} histogram and writes the
 * {@code Request completed} log line.
 */
@Singleton
public class HttpObservability {

    private static final Logger ACCESS = Logger.getLogger("io.qtp.access");
    static final double[] HTTP_BUCKETS_MS = {1, 5, 15, 50, 100, 200, 500, 1000, 2000, 5000};
    /** The route label of requests that matched no route: the raw path would make unbounded label values. */
    static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;
    private final long maxBodyBytes;
    /** The logged client address honours X-Forwarded-For from TRUSTED_PROXIES, as the rate limiter does. */
    private final TrustedProxies proxies;
    private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();

    public HttpObservability(MeterRegistry registry, AppConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") io.quarkus.runtime.configuration.MemorySize maxBody) {
        this.registry = registry;
        this.maxBodyBytes = maxBody.asLongValue();
        this.proxies = new TrustedProxies(config.rateLimit().trustedProxies().orElse(List.of()));
    }

    void register(@Observes Filters filters) {
        // Highest priority: runs before every other handler, including body reading and RESTEasy.
        filters.register(this::handle, Integer.MAX_VALUE);
    }

    private void handle(RoutingContext rc) {
        long start = System.nanoTime();
        HttpServerRequest request = rc.request();
        String requestId = RequestContext.requestIdFor(request.getHeader(RequestContext.REQUEST_ID_HEADER));
        rc.put(RequestContext.REQUEST_ID, requestId);
        rc.response().putHeader(RequestContext.REQUEST_ID_HEADER, requestId);
        rc.addEndHandler(ignored -> completed(rc, start));
        if (declaredBodyTooLarge(request)) {
            String json = Json.encode(ErrorResponse.of(ErrorType.PAYLOAD_TOO_LARGE,
                    "request body exceeds the limit of " + maxBodyBytes / 1024 + " KiB"));
            // Close once the answer is written: the client may still be sending (or only announcing) the body,
            // and the connection must not be held open waiting for bytes nobody will read.
            rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close").end(json)
                    .onComplete(ignored -> request.connection().close());
            return;
        }
        rc.next();
    }

    private boolean declaredBodyTooLarge(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.strip()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void completed(RoutingContext rc, long start) {
        double ms = (System.nanoTime() - start) / 1_000_000.0;
        HttpServerRequest request = rc.request();
        int status = rc.response().getStatusCode();
        String method = request.method().name();
        String route = routeOf(rc, status);
        String statusCode = Integer.toString(status);
        summaries.computeIfAbsent(method + ' ' + route + ' ' + statusCode, k -> DistributionSummary
                .builder("http.request.duration.ms")
                .description("Duration of HTTP requests in ms")
                .tags("method", method, "route", route, "status_code", statusCode)
                .serviceLevelObjectives(HTTP_BUCKETS_MS)
                .register(registry)).record(ms);

        MDC.put("requestId", RequestContext.requestId(rc));
        MDC.put("method", method);
        MDC.put("url", request.uri());
        MDC.put("route", route);
        MDC.put("statusCode", statusCode);
        MDC.put("duration", String.format("%.3fms", ms));
        String ua = request.getHeader(HttpHeaders.USER_AGENT);
        MDC.put("userAgent", ua == null ? "" : ua);
        MDC.put("ip", clientIp(request));
        try {
            ACCESS.info("Request completed");
        } finally {
            MDC.clear();
        }
    }

    static String routeOf(RoutingContext rc, int status) {
        String template = rc.get(RequestContext.ROUTE);
        if (template != null) {
            return template;
        }
        Route current = rc.currentRoute();
        String path = current == null ? null : current.getPath();
        if (status == 404 || path == null || path.isEmpty() || path.equals("/")) {
            return UNMATCHED;
        }
        return path;
    }

    private String clientIp(HttpServerRequest request) {
        if (request.remoteAddress() == null) {
            return "";
        }
        return proxies.clientIp(request.remoteAddress().hostAddress(), request.getHeader("X-Forwarded-For"));
    }
}
