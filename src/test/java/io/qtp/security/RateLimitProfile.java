package io.qtp.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** API keys, 3 requests per hour on /api/**, 1 per hour on the batch route; the loopback peer is a trusted proxy. */
public class RateLimitProfile implements QuarkusTestProfile {

    static final String KEY_A = "rate-key-a";
    static final String KEY_B = "rate-key-b";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qtp.security.api-keys", KEY_A + "," + KEY_B,
                "qtp.rate-limit.requests", "3",
                "qtp.rate-limit.window", "1h",
                "qtp.rate-limit.routes", "/api/predict-query-type/batch=1/1h",
                "qtp.rate-limit.trusted-proxies", "127.0.0.1,::1");
    }
}
