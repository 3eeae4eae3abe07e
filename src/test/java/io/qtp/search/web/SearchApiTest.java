package io.qtp.search.web;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.qtp.store.SharedDatabaseProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * {@code POST /api/documents} and {@code POST /api/search} against the shared PostgreSQL + pgvector (fails when it is
 * missing) with the real in-process embedding model. Every document of a run carries {@code metadata.run} and every
 * search filters on it, so concurrent runs and other tests' rows never interfere; the rows are deleted at the end.
 */
@QuarkusTest
@TestProfile(SharedDatabaseProfile.class)
class SearchApiTest {

    @jakarta.inject.Inject
    SearchService service;

    static final String RUN = UUID.randomUUID().toString();
    static final String URL = System.getenv().getOrDefault("QTP_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/qtp_test");

    static String id(String local) {
        return "t-" + RUN + "-" + local;
    }

    static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    static Map<String, Object> doc(String local, String title, String content, String language, String createdAt) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("id", id(local));
        d.put("title", title);
        d.put("content", content);
        d.put("metadata", Map.of("run", RUN, "kind", local.startsWith("ja") ? "ja" : local.equals("again") ? "scratch" : "en"));
        if (language != null) {
            d.put("language", language);
        }
        if (createdAt != null) {
            d.put("createdAt", createdAt);
        }
        return d;
    }

    static boolean loaded;

    /** Once per class, but in @BeforeEach: Quarkus points RestAssured at the test port only before each test. */
    @BeforeEach
    void corpus() {
        if (loaded) {
            return;
        }
        loaded = true;
        // one document alone, then a batch (language detected for the Japanese one)
        Response one = post("/api/documents", doc("pg", "pgvector HNSW index", "pgvector adds HNSW indexes to PostgreSQL "
                + "for approximate nearest neighbour search over embeddings.", "en", "2024-03-01T00:00:00Z"));
        assertThat(one.statusCode()).as(one.asString()).isEqualTo(200);
        assertThat(one.jsonPath().getInt("stored")).isEqualTo(1);
        Response batch = post("/api/documents", List.of(
                doc("pasta", "Cooking pasta", "Boil salted water and cook the spaghetti until it is al dente.", "en", "2022-03-01T00:00:00Z"),
                doc("sleep", "Sleep and memory", "During deep sleep the brain consolidates memories learnt in the day.", "en", null),
                doc("ja-tower", "東京タワー", "東京タワーは東京都港区芝公園にある総合電波塔である。", null, null)));
        assertThat(batch.statusCode()).as(batch.asString()).isEqualTo(200);
        assertThat(batch.jsonPath().getList("ids", String.class)).containsExactly(id("pasta"), id("sleep"), id("ja-tower"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "qtp", "qtp");
             PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE metadata @> ?::jsonb")) {
            ps.setString(1, "{\"run\": \"" + RUN + "\"}");
            ps.executeUpdate();
        }
    }

    static Map<String, Object> search(String query, Object... more) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("query", query);
        body.put("filters", Map.of("metadata", Map.of("run", RUN)));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    static List<String> resultIds(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getList("results.id", String.class);
    }

    static Map<String, Object> row(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "qtp", "qtp");
             PreparedStatement ps = c.prepareStatement("SELECT count(*) AS n, min(content) AS content, min(language) AS language,"
                     + " min(created_at) AS created, vector_dims(min(embedding::text)::vector) AS dims,"
                     + " vector_dims(min(embedding_ja::text)::vector) AS ja_dims FROM documents WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Map.of("n", rs.getLong("n"), "content", String.valueOf(rs.getString("content")),
                        "language", String.valueOf(rs.getString("language")), "created", String.valueOf(rs.getTimestamp("created")),
                        "dims", rs.getInt("dims"), "jaDims", rs.getInt("ja_dims"));
            }
        }
    }

    @Test
    void documentsAreStoredWithEmbeddingDetectedLanguageAndTime() throws Exception {
        Map<String, Object> pg = row(id("pg"));
        assertThat(pg).containsEntry("n", 1L).containsEntry("language", "en").containsEntry("dims", 384)
                .containsEntry("jaDims", 0);
        assertThat((String) pg.get("created")).startsWith("2024-03-0");
        // the default provider embeds a Japanese document with its Japanese model, into the Japanese column only
        assertThat(row(id("ja-tower"))).containsEntry("language", "ja").containsEntry("dims", 0)
                .containsEntry("jaDims", 512);
    }

    @Test
    void writingTheSameIdAgainReplacesIt() throws Exception {
        Map<String, Object> d = doc("again", "", "first version about zebras", "en", "2020-01-01T00:00:00Z");
        assertThat(post("/api/documents", d).statusCode()).isEqualTo(200);
        assertThat(post("/api/documents", d).statusCode()).isEqualTo(200); // the same again: still one row
        Map<String, Object> d2 = doc("again", "", "second version about okapis", "en", null);
        assertThat(post("/api/documents", List.of(d2)).statusCode()).isEqualTo(200);
        Map<String, Object> row = row(id("again"));
        assertThat(row).containsEntry("n", 1L).containsEntry("content", "second version about okapis");
        assertThat((String) row.get("created")).startsWith("2020-01-0"); // kept from the first write
        assertThat(resultIds(post("/api/search", search("okapis", "strategy", "keyword")))).containsExactly(id("again"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"content\": \"no id\"}",
        "{\"id\": \"\", \"content\": \"blank id\"}",
        "{\"id\": 5, \"content\": \"numeric id\"}",
        "{\"id\": \"x\"}",
        "{\"id\": \"x\", \"content\": \"   \"}",
        "{\"id\": \"x\", \"content\": \"c\", \"metadata\": [1, 2]}",
        "{\"id\": \"x\", \"content\": \"c\", \"language\": \"fr\"}",
        "{\"id\": \"x\", \"content\": \"c\", \"createdAt\": \"yesterday\"}",
        "{\"id\": \"x\", \"content\": \"c\", \"colour\": \"red\"}",
        "[]",
        "[{\"id\": \"x\", \"content\": \"a\"}, {\"id\": \"x\", \"content\": \"b\"}]",
        "[{\"id\": \"x\", \"content\": \"a\"}, 7]",
        "\"just a string\"",
        "{\"id\": \"x\", \"content\": ",
        // values PostgreSQL cannot store: found before the database is asked
        "{\"id\": \"x\", \"content\": \"nul \\u0000 inside\"}",
        "{\"id\": \"x\", \"content\": \"c\", \"title\": \"\\u0000\"}",
        "{\"id\": \"x\", \"content\": \"c\", \"metadata\": {\"k\": [\"\\u0000\"]}}",
        "{\"id\": \"x\", \"content\": \"c\", \"metadata\": {\"\\u0000\": 1}}",
        "{\"id\": \"x\", \"content\": \"c\", \"createdAt\": \"+300000-01-01T00:00:00Z\"}",
        "{\"id\": \"x\", \"content\": \"c\", \"createdAt\": \"-0001-01-01T00:00:00Z\"}"
    })
    void badDocumentsAre400(String body) {
        assertError(post("/api/documents", body), 400, "ValidationError");
    }

    @Test
    void aBatchOverTheLimitIs400AndStoresNothing() {
        List<Map<String, Object>> many = new java.util.ArrayList<>();
        for (int i = 0; i <= DocumentResource.MAX_BATCH; i++) {
            many.add(Map.of("id", id("many-" + i), "content", "c"));
        }
        assertError(post("/api/documents", many), 400, "ValidationError");
    }

    @Test
    void theAnswerSaysTypeStrategyWeightsAndTimings() {
        // asked for by name: the bundled learned fusion ranks, with this query's own weights
        Response r = post("/api/search", search("pgvector HNSW index", "limit", 2, "strategy", "learned"));
        List<String> ids = resultIds(r);
        assertThat(ids).hasSizeLessThanOrEqualTo(2).first().isEqualTo(id("pg"));
        assertThat(r.jsonPath().getString("queryType")).isIn("keyword", "semantic", "hybrid");
        assertThat(r.jsonPath().getString("strategy")).isEqualTo("learned");
        double vw = r.jsonPath().getDouble("weights.vector");
        assertThat(vw).isBetween(0.0, 1.0);
        assertThat(r.jsonPath().getDouble("weights.keyword")).isCloseTo(1 - vw, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(r.jsonPath().getString("fusion.model")).isNotBlank();
        assertThat(r.jsonPath().getMap("fusion.featureWeights")).containsOnlyKeys(
                io.qtp.search.fusion.DocumentFeatures.Feature.labels().toArray(String[]::new));
        assertThat(r.jsonPath().getString("language")).isEqualTo("en");
        assertThat(r.jsonPath().getString("modelVersion")).isNotBlank();
        assertThat(r.jsonPath().getMap("timings")).containsOnlyKeys("predictMs", "embedMs", "sqlMs", "fusionMs", "totalMs");
        Map<String, Object> first = r.jsonPath().getMap("results[0]");
        assertThat(first).containsKeys("id", "title", "content", "metadata", "language", "createdAt", "score",
                "keywordScore", "vectorScore");
        assertThat(r.jsonPath().getString("results[0].metadata.run")).isEqualTo(RUN);
        // another query gets other weights: they come from its signals
        Response other = post("/api/search", search("how do I prepare noodles for dinner tonight", "limit", 2,
                "strategy", "learned"));
        assertThat(other.jsonPath().getString("strategy")).isEqualTo("learned");
        assertThat(other.jsonPath().getMap("fusion.featureWeights")).isNotEqualTo(r.jsonPath().getMap("fusion.featureWeights"));
        // no strategy asked for: the bundled model decides; for a language where cross-validation found no credible
        // gain it names a fixed choice, otherwise the learned fusion ranks
        Response byDefault = post("/api/search", search("pgvector HNSW index", "limit", 2));
        var fixed = service.fusion().orElseThrow().fixedFor(io.qtp.analysis.Language.EN);
        if (fixed.isPresent()) {
            assertThat(byDefault.jsonPath().getString("strategy")).isEqualTo(fixed.get().strategy().label());
            assertThat(byDefault.jsonPath().getDouble("weights.vector")).isEqualTo(fixed.get().vectorWeight());
            assertThat(byDefault.jsonPath().getString("fusion.model")).isNotBlank();
            assertThat(byDefault.jsonPath().getMap("fusion.featureWeights")).isNull();
        } else {
            assertThat(byDefault.jsonPath().getString("strategy")).isEqualTo("learned");
            assertThat(resultIds(byDefault)).isEqualTo(ids);
        }
    }

    @Test
    void eachStrategyCanBeAskedForAndRanksSensibly() {
        // keyword: only documents with the words
        assertThat(resultIds(post("/api/search", search("spaghetti", "strategy", "keyword")))).containsExactly(id("pasta"));
        // vector: meaning without shared words (MiniLM): noodles -> the pasta document, rest -> sleep
        assertThat(resultIds(post("/api/search", search("how do I prepare noodles", "strategy", "vector"))).get(0))
                .isEqualTo(id("pasta"));
        assertThat(resultIds(post("/api/search", search("why do we need to rest at night", "strategy", "vector"))).get(0))
                .isEqualTo(id("sleep"));
        for (String s : List.of("rrf", "keyword-first", "vector-first", "weighted")) {
            Response r = post("/api/search", search("approximate nearest neighbour index in PostgreSQL", "strategy", s));
            assertThat(resultIds(r).get(0)).as(s).isEqualTo(id("pg"));
            assertThat(r.jsonPath().getString("strategy")).isEqualTo(s);
        }
        Response w = post("/api/search", search("spaghetti", "strategy", "weighted", "vectorWeight", 0.3));
        assertThat(w.jsonPath().getDouble("weights.vector")).isEqualTo(0.3);
        assertThat(resultIds(w).get(0)).isEqualTo(id("pasta"));
    }

    @Test
    void filtersRestrictTheResults() {
        Map<String, Object> ja = search("東京タワー", "strategy", "keyword");
        ja.put("filters", Map.of("metadata", Map.of("run", RUN), "language", "ja"));
        Response r = post("/api/search", ja);
        assertThat(resultIds(r)).containsExactly(id("ja-tower"));
        // a Japanese query searches the Japanese vector space, where of this run's documents only the Japanese one is
        Map<String, Object> jv = search("港区にある電波塔はどれですか", "strategy", "vector");
        jv.put("filters", Map.of("metadata", Map.of("run", RUN)));
        Response v = post("/api/search", jv);
        assertThat(resultIds(v)).containsExactly(id("ja-tower"));
        assertThat(v.jsonPath().getDouble("results[0].vectorScore")).isPositive();
        assertThat(r.jsonPath().getString("language")).isEqualTo("ja");

        Map<String, Object> old = search("cooking pasta index", "strategy", "vector", "limit", 10);
        old.put("filters", Map.of("metadata", Map.of("run", RUN, "kind", "en"), "createdBefore", "2023-01-01T00:00:00Z"));
        assertThat(resultIds(post("/api/search", old))).containsExactly(id("pasta"));
        Map<String, Object> recent = search("cooking pasta index", "strategy", "rrf", "limit", 10);
        recent.put("filters", Map.of("metadata", Map.of("run", RUN, "kind", "en"), "createdAfter", "2023-01-01T00:00:00Z"));
        assertThat(resultIds(post("/api/search", recent))).contains(id("pg")).doesNotContain(id("pasta"), id("ja-tower"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"query\": \"   \"}",
        "{\"query\": \"q\", \"limit\": 0}",
        "{\"query\": \"q\", \"limit\": 101}",
        "{\"query\": \"q\", \"limit\": \"ten\"}",
        "{\"query\": \"q\", \"limit\": \"10\"}",
        "{\"query\": \"q\", \"limit\": 1.5}",
        "{\"query\": \"q\", \"filters\": {\"metadata\": {\"k\": \"\\u0000\"}}}",
        "{\"query\": \"q\", \"filters\": {\"createdAfter\": \"+300000-01-01T00:00:00Z\"}}",
        "{\"query\": \"q\", \"filters\": [1]}",
        "{\"query\": \"q\", \"filters\": {\"colour\": \"red\"}}",
        "{\"query\": \"q\", \"filters\": {\"metadata\": \"run\"}}",
        "{\"query\": \"q\", \"filters\": {\"language\": \"fr\"}}",
        "{\"query\": \"q\", \"filters\": {\"createdAfter\": \"last week\"}}",
        "{\"query\": \"q\", \"strategy\": \"magic\"}",
        "{\"query\": \"q\", \"strategy\": \"rrf\", \"vectorWeight\": 0.5}",
        "{\"query\": \"q\", \"strategy\": \"weighted\", \"vectorWeight\": 1.5}",
        "{\"query\": \"q\", \"vectorWeight\": 0.5}"
    })
    void badSearchesAre400(String body) {
        assertError(post("/api/search", body), 400, "ValidationError");
    }
}
