package io.qtp.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.qtp.classify.RuleBasedScorer;
import io.qtp.support.ModelFiles;
import io.qtp.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Until a trained model is loaded, /health and /health/ready are 503 and predictions are answered by the
 * rules with fallback: true; once a valid model appears in the directory the service becomes ready by itself.
 */
@QuarkusTest
@TestProfile(BrokenModelDirProfile.class)
class NoModelYetTest {

    @Test
    void answersWithRulesUntilAModelLoadsThenBecomesReady() throws Exception {
        Thread.sleep(500); // past the first load attempt
        assertThat(given().get("/health").statusCode()).isEqualTo(503);
        assertThat(given().get("/health").jsonPath().getBoolean("modelLoaded")).isFalse();
        assertThat(given().get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(given().get("/health/live").statusCode()).isEqualTo(200);
        Response details = given().get("/health/details");
        assertThat(details.jsonPath().getString("status")).isEqualTo("degraded");
        assertThat(details.jsonPath().getBoolean("components.model.ok")).isFalse();
        assertThat(details.jsonPath().getString("components.model.detail.lastLoad.error")).containsIgnoringCase("sha");

        Response r = given().contentType(ContentType.JSON).body("{\"query\": \"How do I reset my password\"}")
                .post("/api/predict-query-type");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getBoolean("fallback")).isTrue();
        assertThat(r.jsonPath().getString("modelVersion")).isEqualTo(RuleBasedScorer.VERSION);
        assertThat(modelLoadedGauge()).isEqualTo(0.0);

        ModelFiles.writeBundledCopy(BrokenModelDirProfile.DIR.resolve("current"), "1.2.3-good");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (given().get("/health/ready").statusCode() != 200) {
            assertThat(System.nanoTime()).as("ready in time").isLessThan(deadline);
            Thread.sleep(50);
        }
        Response after = given().contentType(ContentType.JSON).body("{\"query\": \"How do I reset my password\"}")
                .post("/api/predict-query-type");
        assertThat(after.jsonPath().getBoolean("fallback")).isFalse();
        assertThat(after.jsonPath().getString("modelVersion")).isEqualTo("1.2.3-good");
        assertThat(given().get("/health").statusCode()).isEqualTo(200);
        assertThat(modelLoadedGauge()).isEqualTo(1.0);
    }

    private static double modelLoadedGauge() {
        var samples = new PrometheusText(given().get("/metrics").asString()).samples("query_type_model_loaded");
        assertThat(samples).hasSize(1);
        return samples.get(0).value();
    }
}
