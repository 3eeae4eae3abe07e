package io.qtp.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.qtp.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Against the machine's shared PostgreSQL (database qtp_test, role qtp: scripts/services/postgres.sh). Fails, not
 * skips, when that server is missing.
 */
@QuarkusTest
@TestProfile(SharedDatabaseProfile.class)
class FeedbackAndQueryLogsTest {

    static final String URL = SharedDatabaseProfile.URL;

    static List<Map<String, Object>> select(String sql, Object... args) throws Exception {
        return Jdbc.query(URL, SharedDatabaseProfile.USER, SharedDatabaseProfile.PASSWORD, sql, args);
    }

    @BeforeEach
    void ready() throws InterruptedException {
        io.qtp.support.Ready.awaitModel();
    }

    @Test
    void feedbackIsStoredBeforeTheAnswer() throws Exception {
        String query = "feedback test " + UUID.randomUUID();
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("query", "<b>" + query + "</b>", "predictedType", "keyword", "correctType", "Semantic",
                        "userId", "u-1"))
                .post("/api/feedback");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        assertThat(r.jsonPath().getString("status")).isEqualTo("stored");
        long id = r.jsonPath().getLong("id");
        // committed before the 202: visible at once to another connection
        List<Map<String, Object>> rows = select("SELECT * FROM feedback WHERE id = ?", id);
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row).containsEntry("query", query).containsEntry("predicted_type", "keyword")
                .containsEntry("correct_type", "semantic").containsEntry("user_id", "u-1")
                .containsEntry("clicked_result_id", null);
        assertThat(row.get("created_at")).isNotNull();
    }

    @Test
    void anIdempotencyKeyStoresTheFeedbackOnce() throws Exception {
        String query = "idempotent feedback " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("query", query, "predictedType", "keyword", "correctType", "hybrid");
        long first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/feedback")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        long again = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/feedback")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        assertThat(again).isEqualTo(first);
        assertThat(select("SELECT id, idempotency_key FROM feedback WHERE query = ?", query)).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("idempotency_key", key));
        // the same key for another feedback: 422, nothing stored
        Response other = given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("query", query + " other", "predictedType", "keyword", "correctType", "hybrid"))
                .post("/api/feedback");
        io.qtp.support.ErrorEnvelope.assertError(other, 422, "UnprocessableContentError");
        assertThat(select("SELECT id FROM feedback WHERE query = ?", query + " other")).isEmpty();
    }

    @Test
    void aClickAloneIsFeedbackToo() throws Exception {
        String query = "click test " + UUID.randomUUID();
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("query", query, "predictedType", "hybrid", "clickedResultId", "doc-42"))
                .post("/api/feedback");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        assertThat(select("SELECT correct_type, clicked_result_id FROM feedback WHERE query = ?", query))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("correct_type", null)
                        .containsEntry("clicked_result_id", "doc-42"));
    }

    @Test
    void everyPredictionIsLoggedAsynchronously() throws Exception {
        String marker = UUID.randomUUID().toString();
        String single = "vector search " + marker;
        given().contentType(ContentType.JSON).body(Map.of("query", single, "userId", "logger-test"))
                .post("/api/predict-query-type").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("queries", List.of("a " + marker, "b " + marker)))
                .post("/api/predict-query-type/batch").then().statusCode(200);
        List<Map<String, Object>> rows = List.of();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            rows = select("SELECT * FROM query_logs WHERE query LIKE ? ORDER BY id", "%" + marker);
            if (rows.size() == 3) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(rows).hasSize(3);
        Map<String, Object> first = rows.get(0);
        assertThat(first).containsEntry("query", single).containsEntry("user_id", "logger-test")
                .containsEntry("click_count", 0).containsEntry("strategy", null).containsEntry("result_count", null);
        assertThat((String) first.get("predicted_type")).isIn("keyword", "semantic", "hybrid");
        assertThat((String) first.get("language")).isEqualTo("en");
        assertThat((String) first.get("model_version")).isNotBlank();
        assertThat(first.get("query_id")).isInstanceOf(UUID.class);

        String metrics = given().get("/metrics").asString();
        assertThat(new PrometheusText(metrics).sum("query_logs_written_total", Map.of())).isGreaterThanOrEqualTo(3.0);
        assertThat(metrics).contains("query_logs_dropped_total{reason=\"queue_full\"}")
                .contains("query_logs_dropped_total{reason=\"database_error\"}");
    }

    @Test
    void healthDetailsChecksTheDatabase() {
        Response r = given().get("/health/details");
        assertThat(r.jsonPath().getBoolean("components.database.ok")).as(r.asString()).isTrue();
        assertThat(r.jsonPath().getBoolean("components.database.configured")).isTrue();
        assertThat(r.jsonPath().getDouble("components.database.latencyMs")).isBetween(0.0, 900.0);
        assertThat(r.jsonPath().getString("status")).isEqualTo("ok");
    }
}
