package io.qtp.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.qtp.config.AppConfig;
import io.qtp.http.ErrorResponse;
import io.qtp.http.ErrorType;
import io.qtp.http.RequestContext;
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
 * refuses bodies over the limit before they are read, answers 408 (envelope, connection closed) when a body is still
 * incomplete {@code REQUEST_BODY_TIMEOUT} after the request began, and when the exchange ends records the seed's
 * {@code http_request_duration_ms{method, route, status_code}} histogram and writes the {@code Request completed}
 * log line. An exchange the client abandoned (connection closed before the answer was sent) is logged as
 * {@code Request aborted by the client} with status 499 (nginx's "client closed request"), not as the 200 no one
 * received.
 *
 * <p>The body timer is hand-written because Quarkus's {@code quarkus.http.read-timeout} applies to blocking reads
 * only, and the routes read their bodies asynchronously: without it, a body that stops short of its
 * Content-Length is held until the idle timeout closes the connection without an answer.
 */
@Singleton
public class HttpObservability {

    private static final Logger ACCESS = Logger.getLogger("io.qtp.access");
    /** The status logged and counted for an exchange the client abandoned before the answer was sent. */
    public static final int CLIENT_CLOSED = 499;
    /** Routing-context key: true when the body timer answered 408. */
    public static final String BODY_TIMED_OUT = "qtp.bodyTimedOut";
    static final double[] HTTP_BUCKETS_MS = {1, 5, 15, 50, 100, 200, 500, 1000, 2000, 5000};
    /** The route label of requests that matched no route: the raw path would make unbounded label values. */
    static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;
    private final long maxBodyBytes;
    private final long bodyTimeoutMs;
    /**
     * Reads a chunked body (its length is unknown up front) within the body limit before the routes see it: over the
     * limit, Vert.x Web's body handler fails the request with 413, answered in the envelope by the failure handler
     * below. (Left to the REST layer, a chunked body over the limit on a route that reads its body on a worker thread
     * was answered with a bare 413, no envelope.)
     */
    private final io.vertx.ext.web.handler.BodyHandler chunkedBodies;
    /** The logged client address honours X-Forwarded-For from TRUSTED_PROXIES, as the rate limiter does. */
    private final TrustedProxies proxies;
    private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();

    public HttpObservability(MeterRegistry registry, AppConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") io.quarkus.runtime.configuration.MemorySize maxBody) {
        this.registry = registry;
        this.maxBodyBytes = maxBody.asLongValue();
        this.bodyTimeoutMs = Math.max(1, config.http().bodyTimeout().toMillis());
        this.chunkedBodies = io.vertx.ext.web.handler.BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        this.proxies = new TrustedProxies(config.rateLimit().trustedProxies().orElse(List.of()));
    }

    void register(@Observes Filters filters) {
        // Highest priority: runs before every other handler, including body reading and RESTEasy.
        filters.register(this::handle, Integer.MAX_VALUE);
    }

    /**
     * A failure after the exchange is over for the client (the body timer answered 408 and closed, or the client went
     * away): the route's handler may still fail while reading the rest of the body or writing an answer no one will
     * read ("Response has already been written"). Nothing failed for anyone: one INFO line, and Quarkus's error handler
     * (which would log it at ERROR and try to answer 500) is not called. Any other failure goes on to it.
     */
    void registerFailureHandler(@Observes io.vertx.ext.web.Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            if (rc.statusCode() == 413 && !rc.response().headWritten() && !rc.response().closed()) {
                rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
                endAndClose(rc, Json.encode(ErrorResponse.of(ErrorType.PAYLOAD_TOO_LARGE,
                        "request body exceeds the limit of " + maxBodyBytes / 1024 + " KiB")));
                return;
            }
            if (brokenFraming(rc.failure()) && !rc.response().headWritten() && !rc.response().closed()) {
                ACCESS.warnf("Malformed request body on %s %s: %s (requestId=%s)", rc.request().method(),
                        rc.request().path(), rc.failure().getMessage(), RequestContext.requestId(rc));
                rc.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
                endAndClose(rc, Json.encode(ErrorResponse.of(ErrorType.VALIDATION,
                        "request body framing is invalid (chunked encoding): " + rc.failure().getMessage())));
                return;
            }
            if (Boolean.TRUE.equals(rc.get(BODY_TIMED_OUT)) || rc.response().closed() || brokenFraming(rc.failure())) {
                ACCESS.infof("Failure after the exchange ended (%s) on %s %s: %s (requestId=%s)",
                        Boolean.TRUE.equals(rc.get(BODY_TIMED_OUT)) ? "body timed out" : "client gone",
                        rc.request().method(), rc.request().path(), String.valueOf(rc.failure()), RequestContext.requestId(rc));
                return;
            }
            rc.next();
        });
    }

    private void handle(RoutingContext rc) {
        long start = System.nanoTime();
        HttpServerRequest request = rc.request();
        String requestId = RequestContext.requestIdFor(request.getHeader(RequestContext.REQUEST_ID_HEADER));
        rc.put(RequestContext.REQUEST_ID, requestId);
        rc.response().putHeader(RequestContext.REQUEST_ID_HEADER, requestId);
        if (declaredBodyTooLarge(request)) {
            rc.addEndHandler(ended -> completed(rc, start, ended.succeeded()));
            String json = Json.encode(ErrorResponse.of(ErrorType.PAYLOAD_TOO_LARGE,
                    "request body exceeds the limit of " + maxBodyBytes / 1024 + " KiB"));
            // Close once the answer is written: the client may still be sending (or only announcing) the body,
            // and the connection must not be held open waiting for bytes nobody will read.
            rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
            endAndClose(rc, json);
            return;
        }
        // Only for a request that declares a body: one without (a bodiless POST to a route that works for seconds, such
        // as an admin reload) is not "ended" while the router holds it paused, and must not be timed out.
        long timer = request.isEnded() || !declaresBody(request) ? -1
                : rc.vertx().setTimer(bodyTimeoutMs, id -> bodyTimedOut(rc));
        // An answer given before an HTTP/1.1 body was read (401, 404, 415...): the rest of the body would have to be
        // read before the connection could serve another request, and a client that never sends it would hold the
        // connection open. Say so and close once the answer is out. (HTTP/2 ends the stream instead.)
        boolean unreadBodyCloses = http1(request) && declaresBody(request);
        if (unreadBodyCloses) {
            rc.addHeadersEndHandler(v -> {
                if (!request.isEnded()) {
                    rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                }
            });
        }
        rc.addEndHandler(ended -> {
            if (timer >= 0) {
                rc.vertx().cancelTimer(timer);
            }
            completed(rc, start, ended.succeeded());
            if (unreadBodyCloses && ended.succeeded() && !request.isEnded()) {
                request.connection().close();
            }
        });
        if (chunked(request) && !request.isEnded()) {
            chunkedBodies.handle(rc); // reads the body (or fails the request with 413), then rc.next()
            return;
        }
        rc.next();
    }

    /** The body is still incomplete when the timer fires: 408 in the envelope, then close the connection. */
    private void bodyTimedOut(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.isEnded() || rc.response().ended() || rc.response().headWritten()) {
            return;
        }
        rc.put(BODY_TIMED_OUT, true);
        String message = "request body incomplete after " + bodyTimeoutMs + " ms (Content-Length "
                + request.getHeader(HttpHeaders.CONTENT_LENGTH) + "): send the whole body, or a correct Content-Length";
        ACCESS.warnf("Request body timed out on %s %s: %s (requestId=%s)", request.method(), request.path(), message,
                RequestContext.requestId(rc));
        rc.response().setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        endAndClose(rc, Json.encode(ErrorResponse.of(ErrorType.REQUEST_TIMEOUT, message)));
    }

    /**
     * Ends the response and closes an HTTP/1.x connection once it is written (the client may still be sending, or only
     * announcing, a body nobody will read). HTTP/2 has no connection-level "close" for one request: the stream ends.
     */
    private static void endAndClose(RoutingContext rc, String json) {
        HttpServerRequest request = rc.request();
        if (!http1(request)) {
            rc.response().end(json);
            return;
        }
        rc.response().putHeader(HttpHeaders.CONNECTION, "close").end(json)
                .onComplete(ignored -> request.connection().close());
    }

    private static boolean http1(HttpServerRequest request) {
        return request.version() == io.vertx.core.http.HttpVersion.HTTP_1_1
                || request.version() == io.vertx.core.http.HttpVersion.HTTP_1_0;
    }

    /** The HTTP codec could not read the body (an invalid chunk size, say): the client's framing, not a failure here. */
    public static boolean brokenFraming(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.netty.handler.codec.DecoderException
                    || (t instanceof NumberFormatException && String.valueOf(t.getMessage()).contains("chunk"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean chunked(HttpServerRequest request) {
        String te = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    /** A Content-Length above 0, or a chunked body. */
    private static boolean declaresBody(HttpServerRequest request) {
        String te = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length != null && Long.parseLong(length.strip()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
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

    private void completed(RoutingContext rc, long start, boolean answered) {
        long nanos = System.nanoTime() - start;
        double ms = nanos / 1_000_000.0;
        HttpServerRequest request = rc.request();
        // the end handler fails when the connection closed before the response was fully written: the client left
        boolean aborted = !answered || !rc.response().ended();
        int status = aborted ? CLIENT_CLOSED : rc.response().getStatusCode();
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
        MDC.put("duration", milliseconds(nanos));
        String ua = request.getHeader(HttpHeaders.USER_AGENT);
        MDC.put("userAgent", ua == null ? "" : ua);
        MDC.put("ip", clientIp(request));
        try {
            if (aborted) {
                ACCESS.info("Request aborted by the client");
            } else {
                ACCESS.info("Request completed");
            }
        } finally {
            MDC.clear();
        }
    }

    /**
     * {@code 12.345ms}: the duration in milliseconds with three decimals (rounded to the microsecond). Written out
     * because {@code String.format} parses its pattern and builds a {@code Formatter} on every call: about 3 % of
     * the server's CPU for an uncached prediction (docs/BENCHMARKS.md, "CPU time per request").
     */
    static String milliseconds(long nanos) {
        long micros = (Math.max(0, nanos) + 500) / 1000;
        long fraction = micros % 1000;
        return (micros / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction + "ms";
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
