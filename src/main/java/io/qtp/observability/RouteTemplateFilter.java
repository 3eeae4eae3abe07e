package io.qtp.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.qtp.http.RequestContext;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Path;

/**
 * Records the matched JAX-RS route template (class path + method path) on the routing context, so that the
 * {@code route} label of {@code http_request_duration_ms} is the template, never the raw path.
 * Templates are computed once per resource method.
 */
public class RouteTemplateFilter {

    private final Map<String, String> templates = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void recordRoute(SimpleResourceInfo info, RoutingContext rc) {
        Class<?> type = info.getResourceClass();
        if (type == null) {
            return;
        }
        String key = type.getName() + '#' + info.getMethodName();
        rc.put(RequestContext.ROUTE, templates.computeIfAbsent(key, k -> template(info)));
    }

    private static String template(SimpleResourceInfo info) {
        Class<?> type = info.getResourceClass();
        String base = pathOf(type.getAnnotation(Path.class));
        String sub = "";
        try {
            sub = pathOf(type.getMethod(info.getMethodName(), info.parameterTypes()).getAnnotation(Path.class));
        } catch (NoSuchMethodException e) {
            // Not a public method of the class itself: the class path alone is the best template we have.
        }
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static String pathOf(Path p) {
        return p == null ? "" : p.value();
    }
}
