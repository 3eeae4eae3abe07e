package io.qtp.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.qtp.support.Ready;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** With SENTRY_SEND_QUERY=true the reported event carries the query text. */
@QuarkusTest
@TestProfile(SentrySendQueryTest.Profile.class)
class SentrySendQueryTest {

    public static class Profile extends SentryProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>(super.getConfigOverrides());
            m.put("qtp.sentry.send-query", "true");
            return m;
        }
    }

    @Test
    void theQueryIsAttachedWhenOptedIn() throws Exception {
        Ready.awaitModel();
        Response r = given().contentType(ContentType.JSON)
                .body("{\"query\": \"" + FailingPredictionService.TRIGGER + "\"}").post("/api/predict-query-type");
        assertThat(r.statusCode()).isEqualTo(500);
        JsonNode event = SentryReportTest.awaitEvent(r.jsonPath().getString("error.errorId"));
        assertThat(event.path("extra").path("query").asText()).isEqualTo(FailingPredictionService.TRIGGER);
    }
}
