package io.qtp.security;

import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.qtp.http.ApiException;
import io.qtp.http.ErrorResponse;
import io.qtp.http.ErrorType;
import io.qtp.config.AppConfig;
import io.qtp.http.RequestContext;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * API keys (header {@code X-API-Key}). With {@code API_KEYS} set every {@code /api/**} call needs one of them
 * (an admin key is accepted too), else 401, whatever the route, method or body. Admin routes ({@link AdminOnly}) need a key from
 * {@code ADMIN_API_KEYS}: 401 without a valid key, 403 for a valid key that is not an admin key, and 403 when no
 * admin key is configured at all. Keys are never logged.
 *
 * <p>Application-scoped (a proxy) rather than a singleton: Quarkus REST sets its filters up during static
 * initialisation, before runtime configuration such as the keys exists.
 */
@ApplicationScoped
public class ApiKeyFilter {

    public static final String HEADER = "X-API-Key";
    /** After the rate limiter, so that guessing keys is rate limited per client address too. */
    static final int PRIORITY = RateLimiter.PRIORITY - 2;
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

    private final ApiKeys apiKeys;
    private final ApiKeys adminKeys;

    public ApiKeyFilter(AppConfig config) {
        this.apiKeys = new ApiKeys(config.security().apiKeys().orElse(List.of()));
        this.adminKeys = new ApiKeys(config.security().adminApiKeys().orElse(List.of()));
    }

    void announce(@Observes StartupEvent event) {
        if (apiKeys.isEmpty()) {
            LOG.warn("API_KEYS is not set: the API is open to every caller");
        } else {
            LOG.infof("API keys required on /api/** (%d configured)", apiKeys.size());
        }
        if (adminKeys.isEmpty()) {
            LOG.info("ADMIN_API_KEYS is not set: the admin routes are closed");
        }
    }

    /** True for a configured API or admin key (the rate limiter counts such callers by key rather than by IP). */
    public boolean isKnownKey(String key) {
        return key != null && (apiKeys.matches(key) || adminKeys.matches(key));
    }

    void register(@Observes Filters filters) {
        if (!apiKeys.isEmpty()) {
            filters.register(this::requireApiKey, PRIORITY);
        }
    }

    /**
     * A Vert.x filter rather than a Quarkus REST one, so that it runs before routing: a caller without a key
     * learns nothing about the API (no 404, 405 or 415 before the 401). CORS preflights carry no key and pass.
     */
    private void requireApiKey(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.method() == HttpMethod.OPTIONS || !rc.normalizedPath().startsWith("/api/")) {
            rc.next();
            return;
        }
        String key = request.getHeader(HEADER);
        if (apiKeys.matches(key) || adminKeys.matches(key)) {
            rc.next();
            return;
        }
        String reason = key == null ? "missing X-API-Key header" : "invalid API key";
        LOG.warnf("Rejected %s %s with 401 AuthenticationError: %s (requestId=%s)", request.method(),
                request.path(), reason, RequestContext.requestId(rc));
        ErrorResponse.send(rc.response(), ErrorType.AUTHENTICATION, reason);
    }

    /** Only for {@link AdminOnly} routes (name binding). */
    @AdminOnly
    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHORIZATION)
    public void requireAdminKey(ContainerRequestContext request) {
        if (adminKeys.isEmpty()) {
            throw new ApiException(ErrorType.FORBIDDEN, "the admin API is disabled: set ADMIN_API_KEYS");
        }
        String key = request.getHeaderString(HEADER);
        if (adminKeys.matches(key)) {
            return;
        }
        if (apiKeys.matches(key)) {
            throw new ApiException(ErrorType.FORBIDDEN, "this API key is not an admin key");
        }
        throw new ApiException(ErrorType.AUTHENTICATION, key == null ? "missing X-API-Key header" : "invalid API key");
    }
}
