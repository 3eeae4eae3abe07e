package io.qtp.store;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.qtp.support.PrivateSchemaProfile;
import io.qtp.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Issue 17 against PostgreSQL (a schema of this test's own in the shared test server) and the real embedding model: every prediction and search answers a
 * queryId that is its query_logs row; search rows carry strategy, weights, result ids, result count and latency;
 * feedback by queryId (a correction alone, a click with its rank) fills the feedback row from the log, counts the
 * click on the row once (idempotent retries included), and an unknown id is a 404. Documents of this run carry
 * {@code metadata.run} and every search filters on it; they are deleted at the end.
 */
@QuarkusTest
@TestProfile(QueryIdFeedbackTest.Profile.class)
class QueryIdFeedbackTest {

    public static class Profile extends PrivateSchemaProfile {
    }

    static final String RUN = UUID.randomUUID().toString();
    static boolean loaded;

    static List<Map<String, Object>> select(String sql, Object... args) throws Exception {
        return Jdbc.query(PrivateSchemaProfile.url(Profile.class), "qtp", "qtp", sql, args);
    }

    static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    /** The query_logs row of {@code queryId}, waiting for the asynchronous writer (at most 5 s). */
    static Map<String, Object> logRow(String queryId) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            List<Map<String, Object>> rows = select("SELECT * FROM query_logs WHERE query_id = ?::uuid", queryId);
            if (!rows.isEmpty() || System.nanoTime() > deadline) {
                assertThat(rows).as("query_logs row of %s", queryId).hasSize(1);
                return rows.get(0);
            }
            Thread.sleep(50);
        }
    }

    static String id(String local) {
        return "qid-" + RUN + "-" + local;
    }

    @BeforeEach
    void corpus() throws InterruptedException {
        io.qtp.support.Ready.awaitModel();
        if (loaded) {
            return;
        }
        loaded = true;
        Response r = post("/api/documents", List.of(
                Map.of("id", id("redis"), "title", "Redis cluster failover",
                        "content", "How Redis Cluster promotes a replica when a primary fails.", "metadata", Map.of("run", RUN)),
                Map.of("id", id("pg"), "title", "pgvector HNSW index",
                        "content", "pgvector adds HNSW indexes to PostgreSQL for nearest neighbour search.", "metadata", Map.of("run", RUN)),
                Map.of("id", id("pasta"), "title", "Cooking pasta",
                        "content", "Boil salted water and cook the spaghetti until it is al dente.", "metadata", Map.of("run", RUN))));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Jdbc.execute(PrivateSchemaProfile.url(Profile.class), "qtp", "qtp",
                "DELETE FROM documents WHERE metadata @> '{\"run\": \"" + RUN + "\"}'::jsonb");
    }

    static Response search(String query, String strategy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("limit", 3);
        body.put("filters", Map.of("metadata", Map.of("run", RUN)));
        if (strategy != null) {
            body.put("strategy", strategy);
        }
        Response r = post("/api/search", body);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r;
    }

    @Test
    void everyPredictionAnswersTheIdOfItsLogRow() throws Exception {
        String marker = UUID.randomUUID().toString();
        Response one = post("/api/predict-query-type", Map.of("query", "redis cluster failover " + marker, "userId", "qid-user"));
        String queryId = one.then().statusCode(200).extract().jsonPath().getString("queryId");
        assertThat(UUID.fromString(queryId).version()).isEqualTo(7);
        Map<String, Object> row = logRow(queryId);
        assertThat(row).containsEntry("query", "redis cluster failover " + marker).containsEntry("user_id", "qid-user")
                .containsEntry("predicted_type", one.jsonPath().getString("predictedType"))
                .containsEntry("strategy", null).containsEntry("result_count", null).containsEntry("click_count", 0);

        // a cached answer is a new answer: a new id and a row of its own
        String again = post("/api/predict-query-type", Map.of("query", "redis cluster failover " + marker))
                .then().statusCode(200).extract().jsonPath().getString("queryId");
        assertThat(again).isNotEqualTo(queryId);
        assertThat(logRow(again)).containsEntry("query", "redis cluster failover " + marker);

        List<String> ids = post("/api/predict-query-type/batch", Map.of("queries", List.of("a " + marker, "b " + marker)))
                .then().statusCode(200).extract().jsonPath().getList("results.queryId", String.class);
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
        assertThat(logRow(ids.get(1))).containsEntry("query", "b " + marker);
    }

    @Test
    void aSearchLogsHowItSearchedAndAClickCountsWithItsRank() throws Exception {
        Response s = search("redis cluster failover", "weighted");
        String queryId = s.jsonPath().getString("queryId");
        List<String> shown = s.jsonPath().getList("results.id", String.class);
        assertThat(shown).hasSize(3).startsWith(id("redis"));
        Map<String, Object> row = logRow(queryId);
        assertThat(row).containsEntry("query", "redis cluster failover").containsEntry("strategy", "weighted")
                .containsEntry("result_count", 3).containsEntry("click_count", 0)
                .containsEntry("predicted_type", s.jsonPath().getString("queryType"));
        assertThat(Arrays.asList((String[]) ((Array) row.get("result_ids")).getArray())).isEqualTo(shown);
        assertThat(row.get("weights").toString()).contains("\"vector\"").contains("\"keyword\"");
        assertThat((Double) row.get("latency_ms")).isPositive();

        // a click on the second result, by queryId alone: query, type and rank come from the log
        String key = UUID.randomUUID().toString();
        Map<String, Object> click = Map.of("queryId", queryId, "clickedResultId", shown.get(1));
        long fb = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(click).post("/api/feedback")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        assertThat(select("SELECT query, predicted_type, clicked_result_id, clicked_rank, query_id::text AS qid"
                + " FROM feedback WHERE id = ?", fb)).singleElement().satisfies(f -> assertThat(f)
                        .containsEntry("query", "redis cluster failover").containsEntry("clicked_result_id", shown.get(1))
                        .containsEntry("clicked_rank", 2).containsEntry("qid", queryId)
                        .containsEntry("predicted_type", s.jsonPath().getString("queryType")));
        assertThat(logRow(queryId)).containsEntry("click_count", 1);
        // the same request retried with its key: the same answer, the click counted once
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(click).post("/api/feedback")
                .then().statusCode(202);
        assertThat(logRow(queryId)).containsEntry("click_count", 1);
        // a second click (the first result, its rank given and right): counted
        post("/api/feedback", Map.of("queryId", queryId, "clickedResultId", shown.get(0), "clickedRank", 1))
                .then().statusCode(202);
        assertThat(logRow(queryId)).containsEntry("click_count", 2);

        // a result the search did not show, or a wrong rank: 400, nothing stored or counted
        assertError(post("/api/feedback", Map.of("queryId", queryId, "clickedResultId", "not-shown")), 400, "ValidationError");
        assertError(post("/api/feedback", Map.of("queryId", queryId, "clickedResultId", shown.get(2), "clickedRank", 1)),
                400, "ValidationError");
        assertThat(logRow(queryId)).containsEntry("click_count", 2);
        assertThat(select("SELECT id FROM feedback WHERE query_id = ?::uuid", queryId)).hasSize(2);
    }

    @Test
    void aSearchPredictsThroughTheCacheAndLogsOneRowOfTheNormalisedQuery() throws Exception {
        String marker = UUID.randomUUID().toString();
        String query = "pgvector hnsw index " + marker;
        Response p = post("/api/predict-query-type", Map.of("query", query)); // the model's answer, now cached
        p.then().statusCode(200);
        PrometheusText before = new PrometheusText(given().get("/metrics").asString());
        Response s = search("  pgvector\u3000hnsw   index " + marker + "\t", "keyword");
        PrometheusText after = new PrometheusText(given().get("/metrics").asString());
        // one query value: the search read, answered and logged the normalised text, and its prediction came from
        // the cache the prediction route filled (issue 16: search goes through the same prediction path)
        assertThat(s.jsonPath().getString("query")).isEqualTo(query);
        assertThat(s.jsonPath().getString("queryType")).isEqualTo(p.jsonPath().getString("predictedType"));
        Map<String, String> hit = Map.of("layer", "memory", "result", "hit");
        assertThat(after.sum("query_type_cache_requests_total", hit) - before.sum("query_type_cache_requests_total", hit))
                .isEqualTo(1.0);
        logRow(p.jsonPath().getString("queryId"));
        assertThat(logRow(s.jsonPath().getString("queryId"))).containsEntry("query", query).containsEntry("strategy", "keyword");
        // the prediction's row and the search's own: no second row for the search's prediction
        assertThat(select("SELECT query_id FROM query_logs WHERE query = ?", query)).hasSize(2);
    }

    @Test
    void theAdaptiveStrategyIsLoggedToo() throws Exception {
        Response s = search("How do I cook spaghetti so that it is not too soft", null);
        Map<String, Object> row = logRow(s.jsonPath().getString("queryId"));
        assertThat(row).containsEntry("strategy", s.jsonPath().getString("strategy"))
                .containsEntry("result_count", s.jsonPath().getList("results").size());
        assertThat((String) row.get("strategy")).isNotBlank();
    }

    @Test
    void aCorrectionByQueryIdTakesTheQueryFromTheLog() throws Exception {
        String query = "correct me " + UUID.randomUUID();
        Response p = post("/api/predict-query-type", Map.of("query", query));
        String queryId = p.jsonPath().getString("queryId");
        String predicted = p.jsonPath().getString("predictedType");
        String other = predicted.equals("keyword") ? "semantic" : "keyword";
        // sent before the writer may have written the row: the feedback waits for the queued rows
        Response fb = post("/api/feedback", Map.of("queryId", queryId, "correctType", other));
        assertThat(fb.statusCode()).as(fb.asString()).isEqualTo(202);
        assertThat(select("SELECT query, predicted_type, correct_type, clicked_rank FROM feedback WHERE id = ?",
                fb.jsonPath().getLong("id"))).singleElement().satisfies(f -> assertThat(f).containsEntry("query", query)
                        .containsEntry("predicted_type", predicted).containsEntry("correct_type", other)
                        .containsEntry("clicked_rank", null));
        assertThat(logRow(queryId)).containsEntry("click_count", 0);
        // the query and type sent with the id must be the logged ones
        assertError(post("/api/feedback", Map.of("queryId", queryId, "query", "another query", "correctType", other)),
                400, "ValidationError");
        assertError(post("/api/feedback", Map.of("queryId", queryId, "predictedType", other, "correctType", other)),
                400, "ValidationError");
    }

    @Test
    void unknownOrMalformedIdsAreRefused() throws Exception {
        String unknown = UUID.randomUUID().toString();
        Response r = assertError(post("/api/feedback", Map.of("queryId", unknown, "correctType", "keyword")),
                404, "NotFoundError");
        assertThat(r.jsonPath().getString("error.message")).contains(unknown);
        assertThat(select("SELECT id FROM feedback WHERE query_id = ?::uuid", unknown)).isEmpty();
        assertError(post("/api/feedback", Map.of("queryId", "not-a-uuid", "correctType", "keyword")), 400, "ValidationError");
        assertError(post("/api/feedback", Map.of("queryId", 42, "correctType", "keyword")), 400, "ValidationError");
        Map<String, Object> noClick = new HashMap<>(Map.of("query", "q", "predictedType", "keyword",
                "correctType", "hybrid", "clickedRank", 1));
        assertError(post("/api/feedback", noClick), 400, "ValidationError");
        assertError(post("/api/feedback", Map.of("query", "q", "predictedType", "keyword", "clickedResultId", "d",
                "clickedRank", 0)), 400, "ValidationError");
        assertError(post("/api/feedback", Map.of("query", "q", "predictedType", "keyword", "clickedResultId", "d",
                "clickedRank", "1")), 400, "ValidationError");
        // neither queryId nor predictedType: as before
        assertError(post("/api/feedback", Map.of("query", "q", "correctType", "hybrid")), 400, "ValidationError");
    }

    @Test
    void searchesAndFeedbackAreCounted() throws Exception {
        PrometheusText before = new PrometheusText(given().get("/metrics").asString());
        Response s = search("pgvector HNSW", "keyword");
        search("zzzzqqqq xxyyzz", "keyword"); // finds nothing
        post("/api/feedback", Map.of("queryId", s.jsonPath().getString("queryId"),
                "clickedResultId", s.jsonPath().getString("results[0].id"), "correctType", "keyword")).then().statusCode(202);
        PrometheusText after = new PrometheusText(given().get("/metrics").asString());
        Map<String, String> keyword = Map.of("strategy", "keyword");
        assertThat(after.sum("search_requests_total", keyword) - before.sum("search_requests_total", keyword)).isEqualTo(2.0);
        assertThat(after.sum("search_zero_results_total", keyword) - before.sum("search_zero_results_total", keyword))
                .isEqualTo(1.0);
        for (String stage : List.of("predict", "sql", "total")) {
            Map<String, String> m = Map.of("stage", stage, "strategy", "keyword");
            assertThat(after.sum("search_stage_duration_ms_count", m) - before.sum("search_stage_duration_ms_count", m))
                    .as(stage).isEqualTo(2.0);
        }
        assertThat(after.samples("search_stage_duration_ms_bucket", Map.of("stage", "sql", "le", "5000.0"))).isNotEmpty();
        for (String kind : List.of("click", "correction")) {
            assertThat(after.sum("feedback_received_total", Map.of("kind", kind))
                    - before.sum("feedback_received_total", Map.of("kind", kind))).as(kind).isEqualTo(1.0);
        }
    }
}
