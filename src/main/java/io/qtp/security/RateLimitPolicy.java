package io.qtp.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.qtp.config.AppConfig;
import io.quarkus.runtime.configuration.DurationConverter;

/**
 * The configured limits: a default ({@code RATE_LIMIT_REQUESTS} per {@code RATE_LIMIT_WINDOW}) for every
 * {@code /api/**} route, and per-route overrides ({@code RATE_LIMIT_ROUTES}). Health, metrics and the API docs
 * are never limited.
 */
public final class RateLimitPolicy {

    /** One limit; {@code id} names its buckets (routes with an override count separately from the rest). */
    public record Rule(String id, long requests, Duration window) {
    }

    private record RouteRule(String path, boolean prefix, Rule rule) {
    }

    private final Rule defaultRule;
    private final List<RouteRule> routes;

    RateLimitPolicy(Optional<Integer> requests, Duration window, List<String> routeSpecs) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("RATE_LIMIT_WINDOW must be positive: " + window);
        }
        this.defaultRule = requests.filter(n -> n > 0).map(n -> new Rule("*", n, window)).orElse(null);
        List<RouteRule> out = new ArrayList<>();
        for (String raw : routeSpecs) {
            String spec = raw.strip();
            if (spec.isEmpty()) {
                continue;
            }
            int eq = spec.lastIndexOf('=');
            if (eq <= 0 || !spec.startsWith("/")) {
                throw new IllegalArgumentException("RATE_LIMIT_ROUTES: expected path=requests[/window], got " + spec);
            }
            String path = spec.substring(0, eq).strip();
            String limit = spec.substring(eq + 1).strip();
            int slash = limit.indexOf('/');
            long n = Long.parseLong(slash < 0 ? limit : limit.substring(0, slash).strip());
            Duration w = slash < 0 ? window : DurationConverter.parseDuration(limit.substring(slash + 1).strip());
            if (n <= 0 || w == null || w.isZero() || w.isNegative()) {
                throw new IllegalArgumentException("RATE_LIMIT_ROUTES: requests and window must be positive in " + spec);
            }
            boolean prefix = path.endsWith("/*");
            String p = prefix ? path.substring(0, path.length() - 1) : path;
            out.add(new RouteRule(p, prefix, new Rule(path, n, w)));
        }
        // Exact paths first, then the longest prefix.
        out.sort(Comparator.comparing((RouteRule r) -> r.prefix).thenComparing(r -> -r.path.length()));
        this.routes = List.copyOf(out);
    }

    public static RateLimitPolicy from(AppConfig.RateLimit config) {
        return new RateLimitPolicy(config.requests(), config.window(), config.routes().orElse(List.of()));
    }

    public boolean enabled() {
        return defaultRule != null || !routes.isEmpty();
    }

    /** The longest window of any rule (how long a bucket must be remembered). */
    public Duration longestWindow() {
        Duration longest = defaultRule == null ? Duration.ZERO : defaultRule.window();
        for (RouteRule r : routes) {
            if (r.rule.window().compareTo(longest) > 0) {
                longest = r.rule.window();
            }
        }
        return longest;
    }

    /** The rule for a request path, or null when the path is not limited. */
    public Rule ruleFor(String path) {
        if (path == null || !path.startsWith("/api/")) {
            return null;
        }
        for (RouteRule r : routes) {
            if (r.prefix ? path.startsWith(r.path) : path.equals(r.path)) {
                return r.rule;
            }
        }
        return defaultRule;
    }

    /** {@code 15m}, {@code 1h}, {@code 90s}. */
    static String describe(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (defaultRule != null) {
            sb.append(defaultRule.requests()).append(" per ").append(describe(defaultRule.window())).append(" on /api/**");
        }
        for (RouteRule r : routes) {
            sb.append(sb.isEmpty() ? "" : "; ").append(r.rule.requests()).append(" per ").append(describe(r.rule.window()))
                    .append(" on ").append(r.rule.id());
        }
        return sb.toString();
    }
}
