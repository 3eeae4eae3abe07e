package io.qtp.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.qtp.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Without REDIS_HOST the in-process cache alone serves repeated queries. */
@QuarkusTest
class InMemoryCacheTest {

    @BeforeEach
    void modelLoaded() throws InterruptedException {
        io.qtp.support.Ready.awaitModel();
    }

    private static Response predict(String query) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query)).post("/api/predict-query-type");
    }

    private static double cacheRequests(String layer, String result) {
        return new PrometheusText(given().get("/metrics").asString())
                .sum("query_type_cache_requests_total", Map.of("layer", layer, "result", result));
    }

    @Test
    void secondIdenticalQueryIsServedFromTheCacheWithTheSameAnswer() {
        double hits = cacheRequests("memory", "hit");
        double misses = cacheRequests("memory", "miss");
        String query = "in-memory cache test: how do vector indexes work in PostgreSQL";

        Response first = predict(query);
        Response second = predict(query);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(first.jsonPath().getBoolean("fromCache")).isFalse();
        assertThat(second.jsonPath().getBoolean("fromCache")).isTrue();
        Map<String, Object> a = first.jsonPath().getMap("");
        Map<String, Object> b = second.jsonPath().getMap("");
        a.remove("fromCache");
        b.remove("fromCache");
        // each answer has its own queryId (issue 17), cached or not
        assertThat(b.remove("queryId")).isNotNull().isNotEqualTo(a.remove("queryId"));
        assertThat(b).isEqualTo(a);

        assertThat(cacheRequests("memory", "hit")).isEqualTo(hits + 1);
        assertThat(cacheRequests("memory", "miss")).isEqualTo(misses + 1);
        assertThat(cacheRequests("redis", "hit") + cacheRequests("redis", "miss")).isZero();
    }

    @Test
    void whitespaceVariantHitsAndEchoesTheOneQueryValue() {
        predict("in-memory cache test:   SQL joins\u3000explained ").then().statusCode(200);
        Response r = predict("in-memory cache test: SQL joins explained");
        assertThat(r.jsonPath().getBoolean("fromCache")).isTrue();
        assertThat(r.jsonPath().getString("query")).isEqualTo("in-memory cache test: SQL joins explained");
    }

    @Test
    void fullWidthFormIsNotServedTheHalfWidthFormsAnswer() {
        // the bundled model types these two forms differently (OneQueryValueTest): a shared entry would be wrong
        Response half = predict("redis NOT cluster");
        Response full = predict("ｒｅｄｉｓ ＮＯＴ ｃｌｕｓｔｅｒ");
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.jsonPath().getBoolean("fromCache")).isFalse();
        assertThat(full.jsonPath().getString("query")).isEqualTo("ｒｅｄｉｓ ＮＯＴ ｃｌｕｓｔｅｒ");
        assertThat(full.jsonPath().getString("predictedType")).isNotEqualTo(half.jsonPath().getString("predictedType"));
    }

    @Test
    void batchUsesTheCacheToo() {
        predict("in-memory cache test: batch item one").then().statusCode(200);
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("queries", java.util.List.of("in-memory cache test: batch item one",
                        "in-memory cache test: batch item two")))
                .post("/api/predict-query-type/batch");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("results.fromCache", Boolean.class)).containsExactly(true, false);
        assertThat(r.jsonPath().getList("results.query", String.class)).containsExactly(
                "in-memory cache test: batch item one", "in-memory cache test: batch item two");
    }

    @Test
    void healthSaysTheInProcessCacheIsActive() {
        Response r = given().get("/health/details");
        assertThat(r.jsonPath().getBoolean("components.cache.ok")).isTrue();
        assertThat(r.jsonPath().getBoolean("components.cache.configured")).isFalse();
        assertThat(r.jsonPath().getString("components.cache.detail")).contains("REDIS_HOST is not set")
                .contains("in-process cache (Caffeine) is active");
    }
}
