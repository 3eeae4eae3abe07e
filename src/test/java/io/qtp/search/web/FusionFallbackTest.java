package io.qtp.search.web;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * A fusion model that cannot be read never fails a search: the service starts, logs it, and the type policy (the SPEC
 * defaults here) ranks every search; asking for the learned strategy by name is then a 400.
 */
@QuarkusTest
@TestProfile(BrokenFusionModelProfile.class)
class FusionFallbackTest {

    static final String RUN = UUID.randomUUID().toString();

    @Inject
    SearchService search;

    static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    @Test
    void theTypePolicyServesAndLearnedIsRefused() {
        assertThat(search.fusion()).as("the broken model is not loaded").isEmpty();
        Response stored = post("/api/documents", List.of(Map.of("id", "fallback-" + RUN, "title", "pgvector",
                "content", "pgvector adds HNSW indexes to PostgreSQL", "metadata", Map.of("run", RUN))));
        assertThat(stored.statusCode()).as(stored.asString()).isEqualTo(200);
        try {
            Map<String, Object> body = Map.of("query", "pgvector HNSW index", "filters", Map.of("metadata", Map.of("run", RUN)));
            Response r = post("/api/search", body);
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            String type = r.jsonPath().getString("queryType");
            assertThat(r.jsonPath().getString("strategy")).isEqualTo("weighted");
            assertThat(r.jsonPath().getDouble("weights.vector"))
                    .isEqualTo(Map.of("keyword", 0.2, "semantic", 0.8, "hybrid", 0.5).get(type));
            assertThat(r.jsonPath().getMap("$")).doesNotContainKey("fusion");
            assertThat(r.jsonPath().getList("results.id", String.class)).containsExactly("fallback-" + RUN);
            assertError(post("/api/search", Map.of("query", "pgvector", "strategy", "learned")), 400, "ValidationError");
        } finally {
            try (var c = java.sql.DriverManager.getConnection(SearchApiTest.URL, "qtp", "qtp");
                    var ps = c.prepareStatement("DELETE FROM documents WHERE id = ?")) {
                ps.setString(1, "fallback-" + RUN);
                ps.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
