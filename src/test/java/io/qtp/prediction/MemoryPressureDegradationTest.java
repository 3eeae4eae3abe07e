package io.qtp.prediction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.qtp.support.Ready;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
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

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("qtp.degradation.heap-percent", "0");
        }
    }

    @Test
    void memoryPressureDegradesToCacheOrRules() throws Exception {
        Ready.awaitModel();
        System.gc(); // a collection, so that every heap pool has an after-GC usage to compare
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
    }
}
