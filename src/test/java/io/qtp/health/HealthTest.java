package io.qtp.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class HealthTest {

    @org.junit.jupiter.api.BeforeEach
    void modelLoaded() throws InterruptedException {
        io.qtp.support.Ready.awaitModel();
    }

    @Test
    void healthSaysTheModelIsLoaded() {
        Response r = given().get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getMap("")).isEqualTo(Map.of("status", "ok", "modelLoaded", true));
    }

    @Test
    void liveAndReady() {
        assertThat(given().get("/health/live").then().statusCode(200).extract().jsonPath().getString("status"))
                .isEqualTo("ok");
        Response ready = given().get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.jsonPath().getBoolean("modelLoaded")).isTrue();
        assertThat(ready.jsonPath().getBoolean("draining")).isFalse();
    }

    @Test
    void detailsChecksTheModelAndSaysWhatIsNotConfigured() throws Exception {
        Response r = given().get("/health/details");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("status")).isEqualTo("ok");
        assertThat(r.jsonPath().getBoolean("components.model.ok")).isTrue();
        assertThat(r.jsonPath().getString("components.model.detail.current.version"))
                .isEqualTo(io.qtp.support.ModelFiles.bundledMetadata().get("version").asText());
        assertThat(r.jsonPath().getDouble("components.model.latencyMs")).isNotNegative();
        for (String c : new String[] {"database", "cache"}) {
            assertThat(r.jsonPath().getBoolean("components." + c + ".ok")).isTrue();
            assertThat(r.jsonPath().getBoolean("components." + c + ".configured")).isFalse();
            assertThat(r.jsonPath().getString("components." + c + ".detail")).contains("not set");
        }
        assertThat(r.jsonPath().getString("memory.rss")).matches("\\d+ MB");
        assertThat(r.jsonPath().getString("memory.heapTotal")).matches("\\d+ MB");
        assertThat(r.jsonPath().getString("memory.heapUsed")).matches("\\d+ MB");
        assertThat(r.jsonPath().getString("memory.heapMax")).matches("\\d+ MB");
        assertThat(r.jsonPath().getInt("memory.availableProcessors")).isPositive();
        assertThat(r.jsonPath().getString("uptime")).matches("\\d+ seconds");
        // not degraded: no reason listed (MemoryPressureDegradationTest shows the degraded side)
        assertThat(r.jsonPath().getBoolean("degradation.active")).isFalse();
        assertThat(r.jsonPath().getList("degradation.reasons")).isEmpty();
        assertThat(r.jsonPath().getString("degradation.since")).isNull();
    }
}
