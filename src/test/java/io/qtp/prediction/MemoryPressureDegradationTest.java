package io.qtp.prediction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import io.qtp.support.ConfigOverrides;
import io.qtp.support.Ready;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A heap threshold of 0% after GC (always exceeded): the memory sampler flags pressure and predictions answer
 * degraded with 200; a query answered before is served from the in-process cache.
 */
@QuarkusTest
@TestProfile(MemoryPressureDegradationTest.Profile.class)
class MemoryPressureDegradationTest {

    public static class Profile extends ConfigOverrides { public Profile() { super("qtp.degradation.heap-percent", "0"); } }

    @Test
    void memoryPressureDegradesToCacheOrRules() throws Exception {
        Ready.awaitModel();
        Response r = null;
        for (int i = 0; i < 50; i++) {
            r = given().contentType(ContentType.JSON).body("{\"query\": \"memory pressure query\"}").post("/api/predict-query-type");
            assertThat(r.statusCode()).isEqualTo(200);
            if (r.jsonPath().getBoolean("degraded")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(r.jsonPath().getBoolean("degraded")).isTrue();
        // The same query was answered by the model before the sampler's first pass, or is now: either way a
        // degraded answer comes from the in-process cache when it has one, else from the rules.
        boolean cached = r.jsonPath().getBoolean("fromCache");
        assertThat(cached || r.jsonPath().getBoolean("fallback")).isTrue();
        assertThat(given().get("/metrics").asString()).contains("query_type_degraded 1.0");

        // Health tells: details degraded, with the reason and since when; readiness stays 200 (degraded still serves).
        Response details = given().get("/health/details");
        assertThat(details.statusCode()).isEqualTo(200);
        assertThat(details.jsonPath().getString("status")).isEqualTo("degraded");
        assertThat(details.jsonPath().getBoolean("components.model.ok")).isTrue();
        assertThat(details.jsonPath().getBoolean("degradation.active")).isTrue();
        assertThat(details.jsonPath().getString("degradation.reasons[0].reason")).isEqualTo("memory");
        assertThat(details.jsonPath().getString("degradation.reasons[0].detail")).contains("long-lived heap after GC")
                .contains("limit 0 %");
        java.time.Instant since = java.time.Instant.parse(details.jsonPath().getString("degradation.since"));
        assertThat(since).isBefore(java.time.Instant.now().plusSeconds(1)).isAfter(java.time.Instant.now().minusSeconds(120));
        assertThat(details.jsonPath().getString("degradation.reasons[0].since")).isEqualTo(since.toString());
        assertThat(details.jsonPath().getString("memory.longLivedMax")).matches("\\d+ MB");
        assertThat(given().get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(given().get("/health").statusCode()).isEqualTo(200);
    }
}
