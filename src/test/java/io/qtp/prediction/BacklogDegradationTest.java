package io.qtp.prediction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.qtp.support.ConfigOverrides;
import io.qtp.support.PrometheusText;
import io.qtp.support.Ready;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A backlog limit of 0 predictions in flight (every request is "over the limit"): predictions still answer 200,
 * flagged degraded, from the rule-based scorer or the in-process cache, never failing.
 */
@QuarkusTest
@TestProfile(BacklogDegradationTest.Profile.class)
class BacklogDegradationTest {

    public static class Profile extends ConfigOverrides { public Profile() { super("qtp.degradation.max-in-flight", "0"); } }

    @jakarta.inject.Inject
    RecordingObserver observed;

    @Test
    void answersDegradedInsteadOfFailing() throws Exception {
        Ready.awaitModel();
        Response r = given().contentType(ContentType.JSON).body("{\"query\": \"degraded backlog query\"}")
                .post("/api/predict-query-type");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getBoolean("degraded")).isTrue();
        assertThat(r.jsonPath().getBoolean("fallback")).isTrue();
        assertThat(r.jsonPath().getString("modelVersion")).startsWith("rules");
        assertThat(r.jsonPath().getString("predictedType")).isIn("keyword", "semantic", "hybrid");
        // one admission, one answer: the observers are told once, of the degraded answer the client got
        assertThat(observed.of("degraded backlog query")).singleElement().satisfies(p -> {
            assertThat(p.degraded()).isTrue();
            assertThat(p.queryId()).hasToString(r.jsonPath().getString("queryId"));
        });

        Response batch = given().contentType(ContentType.JSON).body("{\"queries\": [\"a b c\", \"how does it work\"]}")
                .post("/api/predict-query-type/batch");
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.jsonPath().getList("results.degraded", Boolean.class)).containsExactly(true, true);

        PrometheusText metrics = new PrometheusText(given().get("/metrics").asString());
        assertThat(metrics.sum("query_type_degraded_predictions_total", Map.of())).isGreaterThanOrEqualTo(2.0);
    }
}
