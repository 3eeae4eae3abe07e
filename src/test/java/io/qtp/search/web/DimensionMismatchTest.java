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
 * An embedding provider (the OpenAI-compatible one, configured by properties, against a local server) whose
 * dimension (3) differs from the table's (384): everything that needs vectors answers 503 saying both numbers;
 * keyword search, which needs none, still works.
 */
@QuarkusTest
@TestProfile(OpenAiProviderProfile.class)
class DimensionMismatchTest {

    static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    static void awaitProviderLoaded() throws InterruptedException {
        // the provider loads in the background; until then the answer is "still loading" (also a 503)
        for (int i = 0; i < 100; i++) {
            Response r = post("/api/search", Map.of("query", "anything", "strategy", "vector"));
            if (!r.asString().contains("still loading")) {
                return;
            }
            Thread.sleep(100);
        }
    }

    @Test
    void vectorsAre503WithBothDimensions() throws InterruptedException {
        awaitProviderLoaded();
        Response search = assertError(post("/api/search", Map.of("query", "vector search", "strategy", "vector")), 503,
                "ServiceUnavailableError");
        assertThat(search.jsonPath().getString("error.message")).contains("dimension mismatch").contains("gives 3")
                .contains("vector(384)").contains("openai(tiny-3d");
        Response docs = assertError(post("/api/documents", Map.of("id", "never-stored", "content", "c", "language", "en")),
                503, "ServiceUnavailableError");
        assertThat(docs.jsonPath().getString("error.message")).contains("dimension mismatch");
    }

    @Test
    void keywordSearchNeedsNoVectors() {
        Response r = post("/api/search", Map.of("query", "zzzz-no-such-term-qtp", "strategy", "keyword"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getList("results")).isEmpty();
    }
}
