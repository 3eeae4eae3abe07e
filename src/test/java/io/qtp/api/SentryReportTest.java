package io.qtp.api;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.Ready;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * With SENTRY_DSN set, an unhandled error is sent by the real Sentry SDK to a local endpoint: the envelope's event
 * id is the 500 answer's errorId, the event carries route, method, request id and model version, and the query
 * text is not sent (SENTRY_SEND_QUERY is off by default).
 */
@QuarkusTest
@TestProfile(SentryProfile.class)
class SentryReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theUnhandledErrorReachesSentryWithItsTagsAndTheErrorIdIsTheEventId() throws Exception {
        Ready.awaitModel();
        Response r = given().contentType(ContentType.JSON).header("X-Request-Id", "sentry-test-1")
                .body("{\"query\": \"" + FailingPredictionService.TRIGGER + "\"}").post("/api/predict-query-type");
        assertError(r, 500, "InternalError");
        String errorId = r.jsonPath().getString("error.errorId");
        assertThat(errorId).matches("[0-9a-f]{32}");

        JsonNode event = awaitEvent(errorId);
        JsonNode tags = event.path("tags");
        assertThat(tags.path("route").asText()).isEqualTo("/api/predict-query-type");
        assertThat(tags.path("method").asText()).isEqualTo("POST");
        assertThat(tags.path("request_id").asText()).isEqualTo("sentry-test-1");
        assertThat(tags.path("model_version").asText()).isNotBlank().isNotEqualTo("none");
        assertThat(event.path("level").asText()).isEqualTo("error");
        assertThat(event.toString()).contains("IllegalStateException").contains("simulated bug")
                .doesNotContain("\"query\":");
        assertThat(event.path("extra").path("query").isMissingNode()).isTrue();
    }

    /** Reads the stored envelopes until one has the event id; returns its event item. */
    static JsonNode awaitEvent(String eventId) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Stream<Path> files = Files.list(SentryReceiver.dir())) {
                for (Path f : files.sorted().toList()) {
                    List<String> lines = List.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n"));
                    JsonNode header = JSON.readTree(lines.get(0));
                    if (eventId.equals(header.path("event_id").asText())) {
                        for (int l = 1; l + 1 < lines.size(); l += 2) {
                            if ("event".equals(JSON.readTree(lines.get(l)).path("type").asText())) {
                                return JSON.readTree(lines.get(l + 1));
                            }
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no envelope with event id " + eventId + " reached the local Sentry endpoint");
    }
}
