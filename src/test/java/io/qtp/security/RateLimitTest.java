package io.qtp.security;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.qtp.support.Ready;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The in-process limiter: per key, else per client address, per-route overrides, 429 envelope and headers. */
@QuarkusTest
@TestProfile(RateLimitProfile.class)
class RateLimitTest {

    private static final String BODY = "{\"query\": \"rate limit test\"}";

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.awaitModel();
    }

    private static Response predict(String key, String forwardedFor) {
        var req = given().contentType(ContentType.JSON).body(BODY);
        if (key != null) {
            req = req.header("X-API-Key", key);
        }
        if (forwardedFor != null) {
            req = req.header("X-Forwarded-For", forwardedFor);
        }
        return req.post("/api/predict-query-type");
    }

    @Test
    void eachApiKeyHasItsOwnBucketAndTheFourthRequestIsRefused() {
        for (int i = 0; i < 3; i++) {
            Response r = predict(RateLimitProfile.KEY_A, null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.header("RateLimit-Limit")).isEqualTo("3");
            assertThat(r.header("RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
            assertThat(Long.parseLong(r.header("RateLimit-Reset"))).isBetween(1L, 3600L);
        }
        Response refused = assertError(predict(RateLimitProfile.KEY_A, null), 429, "RateLimitError");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("X-Request-Id")).isNotBlank();
        assertThat(refused.jsonPath().getString("error.message")).contains("3 requests per 1h");

        // Another key, same address: its own bucket.
        assertThat(predict(RateLimitProfile.KEY_B, null).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAKeyTheClientAddressFromATrustedProxyIsTheBucket() {
        // Unauthenticated calls still count (401 until the limit, then 429), per forwarded client address.
        for (int i = 0; i < 3; i++) {
            assertError(predict(null, "203.0.113.7"), 401, "AuthenticationError");
        }
        assertError(predict(null, "203.0.113.7"), 429, "RateLimitError");
        // A spoofed left-most entry does not help: the right-most untrusted hop is the client.
        assertError(predict(null, "198.51.100.1, 203.0.113.7"), 429, "RateLimitError");
        assertError(predict("not-a-key", "203.0.113.7"), 429, "RateLimitError");
        // Another client behind the same proxy has its own bucket.
        assertError(predict(null, "203.0.113.8"), 401, "AuthenticationError");
    }

    @Test
    void aRouteOverrideHasItsOwnLimit() {
        String batch = "{\"queries\": [\"a\", \"b\"]}";
        Response first = given().contentType(ContentType.JSON).header("X-API-Key", RateLimitProfile.KEY_B)
                .header("X-Forwarded-For", "192.0.2.50").body(batch).post("/api/predict-query-type/batch");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("RateLimit-Limit")).isEqualTo("1");
        Response second = given().contentType(ContentType.JSON).header("X-API-Key", RateLimitProfile.KEY_B)
                .body(batch).post("/api/predict-query-type/batch");
        assertError(second, 429, "RateLimitError");
        assertThat(second.header("RateLimit-Limit")).isEqualTo("1");
    }

    @Test
    void healthMetricsAndDocsAreNeverLimited() {
        for (int i = 0; i < 20; i++) {
            for (String path : new String[] {"/health", "/health/live", "/health/ready", "/metrics", "/api-docs.json"}) {
                Response r = given().get(path);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.header("RateLimit-Limit")).as(path).isNull();
            }
        }
    }
}
