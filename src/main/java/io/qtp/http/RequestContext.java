package io.qtp.http;

import java.util.concurrent.ThreadLocalRandom;

import io.vertx.ext.web.RoutingContext;

/** Names of the per-request values kept on the Vert.x routing context, and the request-id rule. */
public final class RequestContext {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** Routing-context key of the request id. */
    public static final String REQUEST_ID = "qtp.requestId";
    /** Routing-context key of the matched route template, e.g. {@code /api/predict-query-type}. */
    public static final String ROUTE = "qtp.route";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestContext() {
    }

    public static String requestId(RoutingContext rc) {
        String id = rc.get(REQUEST_ID);
        return id != null ? id : "-";
    }

    /**
     * The caller's request id when it is a plausible id (1-128 characters of letters, digits, '.', '_', '-'),
     * so that ids propagate through a chain of services; otherwise a new random 128-bit id.
     */
    public static String requestIdFor(String incoming) {
        if (incoming != null && isPlausible(incoming)) {
            return incoming;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[32];
        long a = r.nextLong();
        long b = r.nextLong();
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
            out[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
        }
        return new String(out);
    }

    private static boolean isPlausible(String s) {
        if (s.isEmpty() || s.length() > 128) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
