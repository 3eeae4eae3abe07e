package io.qtp.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class PredictionApiTest {

    @org.junit.jupiter.api.BeforeEach
    void modelLoaded() throws InterruptedException {
        io.qtp.support.Ready.awaitModel();
    }

    private static Response predict(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/predict-query-type");
    }

    @Test
    void answersTheSpecShapeForAJapaneseKeywordQuery() throws Exception {
        Response r = predict("{\"query\": \"PostgreSQL ベクトル検索 インデックス\", \"userId\": \"u1\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> body = r.jsonPath().getMap("");
        assertThat(body).containsOnlyKeys("query", "predictedType", "probabilities", "confidence", "language",
                "modelVersion", "fallback", "fromCache", "degraded", "queryId");
        assertThat(java.util.UUID.fromString((String) body.get("queryId"))).isNotNull();
        assertThat(body.get("query")).isEqualTo("PostgreSQL ベクトル検索 インデックス");
        assertThat(body.get("predictedType")).isEqualTo("keyword");
        assertThat(body.get("language")).isEqualTo("ja");
        assertThat(body.get("modelVersion")).isEqualTo(io.qtp.support.ModelFiles.bundledMetadata().get("version").asText());
        assertThat(body.get("fallback")).isEqualTo(false);
        assertThat(body.get("degraded")).isEqualTo(false);
        // Other tests may have asked the same query first (the app is shared): a cache hit is as valid here.
        // Caching itself is tested in io.qtp.cache.
        assertThat(body.get("fromCache")).isInstanceOf(Boolean.class);

        List<Map<String, Object>> probs = r.jsonPath().getList("probabilities");
        assertThat(probs).extracting(p -> p.get("type")).containsExactly("keyword", "semantic", "hybrid");
        double sum = probs.stream().mapToDouble(p -> ((Number) p.get("probability")).doubleValue()).sum();
        assertThat(sum).isCloseTo(1.0, within(1e-6));
        double keyword = ((Number) probs.get(0).get("probability")).doubleValue();
        assertThat(r.jsonPath().getDouble("confidence")).isCloseTo(keyword, within(1e-6));
        assertThat(probs).allSatisfy(p -> assertThat(((Number) p.get("probability")).doubleValue())
                .isLessThanOrEqualTo(keyword));
        assertThat(r.header("X-Request-Id")).matches("[0-9a-f]{32}");
    }

    @Test
    void predictsASemanticEnglishQuestion() {
        Response r = predict("{\"query\": \"What are the best practices for implementing vector search in PostgreSQL?\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("predictedType")).isEqualTo("semantic");
        assertThat(r.jsonPath().getString("language")).isEqualTo("en");
    }

    @Test
    void stripsHtmlTagsAndTrims() {
        Response r = predict("{\"query\": \"  <b>kubernetes</b> <i>helm</i> chart\\u3000\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("query")).isEqualTo("kubernetes helm chart");
    }

    @Test
    void keepsComparisonsThatAreNotTags() {
        Response r = predict("{\"query\": \"x < 5 and y > 3\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("query")).isEqualTo("x < 5 and y > 3");
    }

    @Test
    void propagatesAPlausibleCallerRequestId() {
        Response r = given().contentType(ContentType.JSON).header("X-Request-Id", "caller-123.a_b")
                .body("{\"query\": \"redis cache\"}").post("/api/predict-query-type");
        assertThat(r.header("X-Request-Id")).isEqualTo("caller-123.a_b");
        Response bad = given().contentType(ContentType.JSON).header("X-Request-Id", "has space<script>")
                .body("{\"query\": \"redis cache\"}").post("/api/predict-query-type");
        assertThat(bad.header("X-Request-Id")).matches("[0-9a-f]{32}");
    }

    @Test
    void batchAnswersOneResultPerQueryInOrder() {
        Response r = given().contentType(ContentType.JSON)
                .body("{\"queries\": [\"PostgreSQL ベクトル検索 インデックス\", "
                        + "\"ニューラルネットワークの学習方法について教えてください\", \"machine learning\"]}")
                .post("/api/predict-query-type/batch");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("results.query")).containsExactly("PostgreSQL ベクトル検索 インデックス",
                "ニューラルネットワークの学習方法について教えてください", "machine learning");
        assertThat(r.jsonPath().getList("results.predictedType")).containsExactly("keyword", "semantic", "keyword");
        assertThat(r.jsonPath().getList("results.language")).containsExactly("ja", "ja", "en");
    }

    @Test
    void batchAcceptsExactlyOneHundredQueries() {
        String queries = String.join(",", java.util.Collections.nCopies(100, "\"vector search\""));
        Response r = given().contentType(ContentType.JSON).body("{\"queries\": [" + queries + "]}")
                .post("/api/predict-query-type/batch");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("results")).hasSize(100);
    }
}
