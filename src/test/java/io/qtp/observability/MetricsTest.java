package io.qtp.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.qtp.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** /metrics carries the seed's three metrics with its exact names, labels and buckets, plus JVM metrics. */
@QuarkusTest
class MetricsTest {

    @org.junit.jupiter.api.BeforeEach
    void modelLoaded() throws InterruptedException {
        io.qtp.support.Ready.awaitModel();
    }

    private static final String ROUTE = "/api/predict-query-type";

    private static PrometheusText scrape() {
        String text = given().get("/metrics").then().statusCode(200).extract().asString();
        return new PrometheusText(text);
    }

    private static Set<Double> bucketBounds(PrometheusText m, String family, Map<String, String> labels) {
        Set<Double> les = new TreeSet<>();
        for (var s : m.samples(family + "_bucket", labels)) {
            les.add(Double.parseDouble(s.labels().get("le").replace("+Inf", "Infinity")));
        }
        return les;
    }

    @Test
    void countsRequestsAndPredictionsWithTheSeedsNamesLabelsAndBuckets() {
        PrometheusText before = scrape();
        Map<String, String> ok = Map.of("method", "POST", "route", ROUTE, "status_code", "200");
        double requestsBefore = before.sum("http_request_duration_ms_count", ok);
        double predictionsBefore = before.sum("query_type_predictions_total", Map.of());
        double keywordBefore = before.sum("query_type_predictions_total", Map.of("predicted_type", "keyword"));

        int n = 7;
        for (int i = 0; i < n; i++) {
            given().contentType(ContentType.JSON).body("{\"query\": \"PostgreSQL ベクトル検索 インデックス " + i + "\"}")
                    .post(ROUTE).then().statusCode(200);
        }
        given().contentType(ContentType.JSON).body("{\"query\": \"\"}").post(ROUTE).then().statusCode(400);
        given().get("/no/such/path/12345").then().statusCode(404);

        PrometheusText after = scrape();
        assertThat(after.type("http_request_duration_ms")).isEqualTo("histogram");
        assertThat(after.type("query_type_prediction_duration_ms")).isEqualTo("histogram");
        assertThat(after.type("query_type_predictions")).isEqualTo("counter");

        assertThat(after.sum("http_request_duration_ms_count", ok) - requestsBefore).isEqualTo(n);
        assertThat(after.sum("query_type_predictions_total", Map.of()) - predictionsBefore).isEqualTo(n);
        assertThat(after.sum("query_type_predictions_total", Map.of("predicted_type", "keyword")) - keywordBefore)
                .isEqualTo(n);
        assertThat(after.sum("http_request_duration_ms_count",
                Map.of("method", "POST", "route", ROUTE, "status_code", "400"))).isGreaterThanOrEqualTo(1);

        // Exactly the seed's label names.
        assertThat(after.samples("http_request_duration_ms_count"))
                .allSatisfy(s -> assertThat(s.labels().keySet()).containsExactlyInAnyOrder("method", "route", "status_code"));
        assertThat(after.samples("query_type_predictions_total"))
                .allSatisfy(s -> assertThat(s.labels().keySet()).containsExactlyInAnyOrder("predicted_type", "model_version"));
        assertThat(after.samples("query_type_predictions_total")).extracting(s -> s.labels().get("predicted_type"))
                .contains("keyword", "semantic", "hybrid");

        // The route label is always a template, never a raw path.
        List<String> routes = after.samples("http_request_duration_ms_count").stream()
                .map(s -> s.labels().get("route")).distinct().toList();
        assertThat(routes).contains(ROUTE, HttpObservability.UNMATCHED).noneMatch(r -> r.contains("12345"));

        // Exactly the seed's buckets.
        assertThat(bucketBounds(after, "http_request_duration_ms", ok)).containsExactly(1.0, 5.0, 15.0, 50.0,
                100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, Double.POSITIVE_INFINITY);
        assertThat(bucketBounds(after, "query_type_prediction_duration_ms", Map.of("predicted_type", "keyword")))
                .containsExactly(1.0, 5.0, 15.0, 50.0, 100.0, 200.0, 500.0, 1000.0, Double.POSITIVE_INFINITY);
        // Buckets are cumulative and the +Inf bucket equals the count.
        var keywordDurations = Map.of("predicted_type", "keyword");
        assertThat(after.sum("query_type_prediction_duration_ms_bucket",
                Map.of("predicted_type", "keyword", "le", "+Inf")))
                .isEqualTo(after.sum("query_type_prediction_duration_ms_count", keywordDurations));
    }

    @Test
    void batchRequestsUseTheirOwnRouteTemplate() {
        given().contentType(ContentType.JSON).body("{\"queries\": [\"a b\", \"how does it work\"]}")
                .post(ROUTE + "/batch").then().statusCode(200);
        PrometheusText m = scrape();
        assertThat(m.sum("http_request_duration_ms_count",
                Map.of("method", "POST", "route", ROUTE + "/batch", "status_code", "200"))).isGreaterThanOrEqualTo(1);
    }

    @Test
    void exportsTheUsualJvmAndProcessMetrics() {
        PrometheusText m = scrape();
        assertThat(m.has("jvm_memory_used_bytes")).isTrue();
        assertThat(m.has("jvm_threads_live_threads")).isTrue();
        assertThat(m.has("process_cpu_usage")).isTrue();
        assertThat(m.has("process_uptime_seconds")).isTrue();
        assertThat(m.samples("jvm_gc_pause_seconds_count").size() + m.samples("jvm_gc_memory_allocated_bytes_total").size())
                .isPositive();
    }
}
