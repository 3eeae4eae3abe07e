package io.qtp.search.web;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * An OpenAI-compatible embedding provider that is down when the service starts, comes up, then fails again:
 * searches and writes that need vectors answer 503 in the envelope while it is down (never 500), keyword search
 * keeps working, and the service picks the provider up by itself once it answers (no restart).
 */
@QuarkusTest
@TestProfile(FlakyProviderProfile.class)
class ProviderOutageTest {

    private static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    private static Response vectorSearch() {
        return post("/api/search", Map.of("query", "provider outage", "strategy", "vector"));
    }

    @Test
    void downAtStartThenUpThenDownAgain() throws InterruptedException {
        try {
            Response down = assertError(vectorSearch(), 503, "ServiceUnavailableError");
            assertThat(down.asString()).doesNotContain("Exception:").doesNotContain("\tat ");
            assertThat(post("/api/search", Map.of("query", "provider outage", "strategy", "keyword")).statusCode())
                    .isEqualTo(200);

            System.setProperty(FlakyProviderProfile.FAIL_PROPERTY, "false");
            Response up = null;
            for (int i = 0; i < 600 && (up == null || up.statusCode() != 200); i++) { // retries every 2, 4, 8 ... s
                Thread.sleep(100);
                up = vectorSearch();
            }
            assertThat(up.statusCode()).as(up.asString()).isEqualTo(200);

            System.setProperty(FlakyProviderProfile.FAIL_PROPERTY, "true");
            Response failing = assertError(vectorSearch(), 503, "ServiceUnavailableError");
            assertThat(failing.jsonPath().getString("error.message")).contains("embedding provider did not answer")
                    .contains("flaky-384");
            assertError(post("/api/documents", Map.of("id", "provider-outage-doc", "content", "never stored")), 503,
                    "ServiceUnavailableError");
        } finally {
            System.setProperty(FlakyProviderProfile.FAIL_PROPERTY, "false");
        }
    }
}
