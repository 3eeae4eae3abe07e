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

    /** The shared error responses (io.qtp.http.ErrorResponsesFilter): the envelope on every error of every /api/ route. */
    @Test
    void everyApiRouteDocumentsTheSharedErrorsWithTheEnvelope() {
        Response r = given().get("/api-docs.json");
        Map<String, Map<String, Object>> paths = r.jsonPath().getMap("paths");
        int checked = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (String method : path.getValue().keySet()) {
                String op = "paths.'" + path.getKey() + "'." + method;
                Map<String, Object> responses = r.jsonPath().getMap(op + ".responses");
                assertThat(responses).as(op).containsKey("500");
                if (r.jsonPath().get(op + ".requestBody") != null) {
                    assertThat(responses).as(op).containsKeys("413", "415");
                }
                for (String code : responses.keySet()) {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        assertThat(r.jsonPath().getString(op + ".responses.'" + code + "'.content.'application/json'.schema.$ref"))
                                .as(op + " " + code).endsWith("/ErrorResponse");
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
        assertThat(r.jsonPath().getString("paths.'/api/search'.post.responses.'503'.description")).contains("database");
    }

    @Test
    void theUiIsServedAtApiDocs() {
        Response r = given().redirects().follow(true).get("/api-docs");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).containsIgnoringCase("swagger");
    }
}
