package io.qtp.search.web;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

import io.qtp.support.PrivateSchemaProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Vectors of two models never meet (issue 14; io.qtp.search.EmbeddingSpaces): the service's first write records
 * its model for the column; once the record names another model (here set by hand, as {@code reembed} with another
 * provider would), vector search and document writes answer 503 naming both models and {@code reembed}, keyword
 * search still answers, Japanese vector search (another column, whose model did not change) still serves, and when
 * the record agrees again the service serves vectors again without a restart.
 * Real PostgreSQL (a schema of this test's own) and the bundled bilingual provider.
 */
@QuarkusTest
@TestProfile(EmbeddingModelMismatchTest.Profile.class)
class EmbeddingModelMismatchTest {

    public static class Profile extends PrivateSchemaProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>(super.getConfigOverrides());
            m.put("qtp.search.embedding-spaces-recheck", "200ms");
            return m;
        }
    }

    private static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    private static Response search(String strategy) {
        return post("/api/search", Map.of("query", "statins and cholesterol", "strategy", strategy));
    }

    private static Response japaneseVectorSearch() {
        return post("/api/search", Map.of("query", "日本で一番高い山", "strategy", "vector"));
    }

    /** Searches until {@code done} holds for the status (at most 60 s: the provider loads in the background). */
    private static Response searchUntil(String strategy, IntPredicate done) throws InterruptedException {
        Response r = search(strategy);
        for (int i = 0; i < 600 && !done.test(r.statusCode()); i++) {
            Thread.sleep(100);
            r = search(strategy);
        }
        return r;
    }

    private static void setRecordedModel(String model) throws Exception {
        try (Connection c = PrivateSchemaProfile.connect(Profile.class);
             var ps = c.prepareStatement("UPDATE embedding_spaces SET model = ? WHERE space = 'embedding'")) {
            ps.setString(1, model);
            assertThat(ps.executeUpdate()).as("the record of documents.embedding").isEqualTo(1);
        }
    }

    @Test
    void aColumnFilledByAnotherModelIsNotSearchedByVector() throws Exception {
        assertThat(post("/api/documents", Map.of("id", "statins", "content", "Statins lower LDL cholesterol.",
                "language", "en")).statusCode()).isEqualTo(200);
        assertThat(post("/api/documents", Map.of("id", "fuji", "content", "富士山は日本で最も高い山である。",
                "language", "ja")).statusCode()).isEqualTo(200);
        Response served = searchUntil("vector", s -> s == 200);
        assertThat(served.statusCode()).as(served.asString()).isEqualTo(200);
        assertThat(served.jsonPath().getString("results[0].id")).isEqualTo("statins");

        setRecordedModel("e5-small-v2-q");
        Response refused = searchUntil("vector", s -> s != 200);
        assertError(refused, 503, "ServiceUnavailableError");
        assertThat(refused.jsonPath().getString("error.message"))
                .contains("documents.embedding holds vectors of e5-small-v2-q but the provider embeds with"
                        + " all-MiniLM-L6-v2-q").contains("reembed");
        assertThat(refused.asString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(search("keyword").statusCode()).as("keyword search needs no vectors").isEqualTo(200);
        Response japanese = japaneseVectorSearch();
        assertThat(japanese.statusCode()).as("documents.embedding_ja: " + japanese.asString()).isEqualTo(200);
        assertThat(japanese.jsonPath().getString("results[0].id")).isEqualTo("fuji");
        assertThat(post("/api/documents", Map.of("id", "biwa", "content", "琵琶湖は滋賀県にある。",
                "language", "ja")).statusCode()).as("a Japanese write").isEqualTo(200);
        assertError(post("/api/documents", Map.of("id", "aspirin", "content", "Aspirin thins the blood.",
                "language", "en")), 503, "ServiceUnavailableError");

        setRecordedModel("all-MiniLM-L6-v2-q");
        Response again = searchUntil("vector", s -> s == 200);
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertThat(post("/api/documents", Map.of("id", "aspirin", "content", "Aspirin thins the blood.",
                "language", "en")).statusCode()).isEqualTo(200);
    }
}
