package io.qtp.api;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * An unexpected exception answers the 500 envelope with an errorId and no stack trace; the error is logged,
 * as JSON, to error.log (errors only) and combined.log (everything, including the Request completed lines).
 */
@QuarkusTest
@TestProfile(FailureProfile.class)
class UnexpectedErrorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answersTheInternalErrorEnvelopeAndLogsIt() throws Exception {
        Response ok = given().contentType(ContentType.JSON).body("{\"query\": \"secret query text\"}")
                .post("/api/predict-query-type");
        assertThat(ok.statusCode()).isEqualTo(200);

        Response r = given().contentType(ContentType.JSON).header("User-Agent", "unexpected-error-test")
                .body("{\"query\": \"" + FailingPredictionService.TRIGGER + "\"}").post("/api/predict-query-type");
        assertError(r, 500, "InternalError");
        String errorId = r.jsonPath().getString("error.errorId");
        assertThat(errorId).matches("[0-9a-f-]{36}");
        assertThat(r.asString()).doesNotContain("simulated bug").doesNotContain("IllegalStateException");
        String requestId = r.header("X-Request-Id");

        Path dir = FailureProfile.LOG_DIR;
        List<JsonNode> errors = awaitJsonLines(dir.resolve("error.log"),
                lines -> lines.stream().anyMatch(e -> e.get("message").asText().contains(errorId)));
        assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e.get("level").asText()).isEqualTo("ERROR"));
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.get("message").asText()).contains(errorId).contains(requestId);
            assertThat(e.get("service").asText()).isEqualTo("query-type-predictor");
            assertThat(e.toString()).contains("simulated bug");
        });

        List<JsonNode> all = awaitJsonLines(dir.resolve("combined.log"), lines -> lines.stream().anyMatch(
                e -> e.path("mdc").path("requestId").asText().equals(requestId)));
        assertThat(all).allSatisfy(e -> {
            assertThat(e.hasNonNull("timestamp")).isTrue();
            assertThat(e.hasNonNull("level")).isTrue();
            assertThat(e.hasNonNull("message")).isTrue();
            assertThat(e.get("service").asText()).isEqualTo("query-type-predictor");
        });
        assertThat(all).anySatisfy(e -> {
            assertThat(e.get("message").asText()).isEqualTo("Request completed");
            JsonNode mdc = e.get("mdc");
            assertThat(mdc.get("requestId").asText()).isEqualTo(requestId);
            assertThat(mdc.get("statusCode").asText()).isEqualTo("500");
            assertThat(mdc.get("method").asText()).isEqualTo("POST");
            assertThat(mdc.get("url").asText()).isEqualTo("/api/predict-query-type");
            assertThat(mdc.get("userAgent").asText()).isEqualTo("unexpected-error-test");
            assertThat(mdc.get("duration").asText()).endsWith("ms");
            assertThat(mdc.hasNonNull("ip")).isTrue();
        });
        // At info level the query text is never logged.
        assertThat(all).noneSatisfy(e -> assertThat(e.toString()).contains("secret query text"));
    }

    /**
     * Parses every line of the file as JSON (a line that is not JSON fails the test), re-reading for up to five
     * seconds until {@code done} holds: the access line is written after the response has been sent.
     */
    private static List<JsonNode> awaitJsonLines(Path file, java.util.function.Predicate<List<JsonNode>> done)
            throws Exception {
        List<JsonNode> lines = List.of();
        for (int i = 0; i < 50; i++) {
            lines = Files.exists(file) ? readJsonLines(file) : List.of();
            if (done.test(lines)) {
                return lines;
            }
            Thread.sleep(100);
        }
        return lines;
    }

    private static List<JsonNode> readJsonLines(Path file) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
