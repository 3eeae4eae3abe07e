package io.qtp.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.qtp.http.ErrorResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class OpenApiTest {

    @Test
    void theJsonSpecDescribesEveryEndpointAndTheErrorEnvelope() {
        Response r = given().get("/api-docs.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("info.title")).isEqualTo("Query Type Prediction API");
        Map<String, Object> paths = r.jsonPath().getMap("paths");
        assertThat(paths).containsKeys("/api/predict-query-type", "/api/predict-query-type/batch", "/health",
                "/health/live", "/health/ready", "/health/details");
        assertThat(r.jsonPath().getMap("components.schemas")).containsKeys("PredictRequest", "PredictionResponse",
                "BatchPredictRequest", "BatchPredictionResponse", "ErrorResponse");
        assertThat(r.jsonPath().getString("paths.'/api/predict-query-type'.post.responses.'400'.content.'application/json'.schema.$ref"))
                .endsWith("/ErrorResponse");
    }

    @Test
    void theUiIsServedAtApiDocs() {
        Response r = given().redirects().follow(true).get("/api-docs");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).containsIgnoringCase("swagger");
    }
}
