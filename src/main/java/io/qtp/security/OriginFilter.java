package io.qtp.security;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.qtp.http.ErrorResponse;
import io.qtp.http.ErrorType;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Answers a request from an origin outside {@code ALLOWED_ORIGINS} with the API's 403 envelope. Quarkus's CORS filter
 * (which still grants the allowed origins their headers) ends such a request with an empty 403, so this runs just
 * before it and rejects the same requests first: a cross-origin request whose origin is not listed. Same-origin
 * requests (the {@code Origin} is the request's own scheme and host) and requests without {@code Origin} pass.
 */
@Singleton
public class OriginFilter {

    private static final Logger LOG = Logger.getLogger(OriginFilter.class);
    /** Quarkus registers its CORS filter at priority 300 (VertxHttpProcessor); a higher priority runs first. */
    static final int PRIORITY = 301;

    private final boolean enabled;
    private final List<String> origins;

    public OriginFilter(@ConfigProperty(name = "quarkus.http.cors.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> origins) {
        this.enabled = enabled;
        this.origins = origins.orElse(List.of()).stream().map(String::strip).toList();
    }

    void register(@Observes Filters filters) {
        if (enabled && !origins.contains("*")) {
            filters.register(this::handle, PRIORITY);
        }
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allowed(origin, request)) {
            rc.next();
            return;
        }
        String shown = origin.length() > 200 ? origin.substring(0, 200) + "..." : origin;
        LOG.warnf("Rejected %s %s with 403: origin %s is not in ALLOWED_ORIGINS", request.method(), rc.normalizedPath(), shown);
        ErrorResponse.send(rc.response(), ErrorType.FORBIDDEN, "origin not allowed: " + shown);
    }

    private boolean allowed(String origin, HttpServerRequest request) {
        return origins.contains(origin) || origin.equalsIgnoreCase(ownOrigin(request));
    }

    /** The request's own origin from its scheme and authority (Host, or :authority on HTTP/2), default port left out. */
    private static String ownOrigin(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null) {
            return null;
        }
        String scheme = request.scheme();
        int port = authority.port();
        boolean defaultPort = port < 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + authority.host() + (defaultPort ? "" : ":" + port);
    }
}
