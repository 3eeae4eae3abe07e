package io.qtp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.qtp.reliability.PrivateSchema;
import io.qtp.support.JarProcess;
import io.qtp.support.PrometheusText;

/**
 * deploy/prometheus and deploy/grafana proven with Debian's Prometheus: promtool accepts the configuration and
 * the rules, and the rules' unit tests (alerts.test.yml) fire every alert; then a real Prometheus, run with
 * the shipped configuration (only the target, the intervals and the rule file path changed), scrapes a running
 * instance: query_type_predictions_total reads back through its HTTP API with the instance's own count, the
 * alert rules evaluate without error on the real series, and every Grafana panel's query runs without error
 * and returns data. The instance has a database (a schema of its own) with three documents, answers searches (one
 * finding nothing) and takes a click and a correction, so the search and feedback panels have data too.
 */
class MonitoringIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration PROMTOOL = Duration.ofMinutes(1);

    @Test
    void promtoolAcceptsConfigAndRulesAndEveryAlertFiresInTheUnitTests() throws Exception {
        assertThat(Command.ok(PROMTOOL, "promtool", "check", "config", "deploy/prometheus/prometheus.yml"))
                .contains("SUCCESS");
        assertThat(Command.ok(PROMTOOL, "promtool", "check", "rules", "deploy/prometheus/alerts.yml"))
                .contains("SUCCESS: 8 rules found");
        assertThat(Command.ok(PROMTOOL, "promtool", "test", "rules", "deploy/prometheus/alerts.test.yml"))
                .contains("SUCCESS");

        // every alert has a unit test case in which it fires (a non-empty exp_alerts)
        Set<String> alerts = alertNames();
        Set<String> firing = new TreeSet<>();
        for (JsonNode t : Deploy.yaml("deploy/prometheus/alerts.test.yml").path("tests")) {
            for (JsonNode a : t.path("alert_rule_test")) {
                if (!a.path("exp_alerts").isEmpty()) {
                    firing.add(a.path("alertname").asText());
                }
            }
        }
        assertThat(firing).isEqualTo(alerts);
        assertThat(alerts).hasSize(8).contains("QueryTypePredictorSearchZeroResults", "QueryTypePredictorSearchSlow",
                "QueryTypePredictorQueryLogsDropped");

        // the shipped scrape settings are the seed's
        JsonNode config = Deploy.yaml("deploy/prometheus/prometheus.yml");
        assertThat(config.path("global").path("scrape_interval").asText()).isEqualTo("15s");
        assertThat(config.path("scrape_configs").get(0).path("job_name").asText()).isEqualTo("query-type-predictor");
    }

    @Test
    void realPrometheusScrapesTheServiceAndEveryDashboardQueryAnswers() throws Exception {
        try (PrivateSchema schema = new PrivateSchema("qtp_monitoring");
                JarProcess app = JarProcess.start(schema.env());
                PrometheusProcess prometheus = new PrometheusProcess()) {
            app.awaitReady(Duration.ofSeconds(90));
            searchAndGiveFeedback(app);
            String[] queries = {"How do I reset my password", "redis cluster failover",
                "machine learning algorithm comparison for image recognition", "PostgreSQL ベクトル検索 インデックス",
                "ニューラルネットワークの学習方法について教えてください"};
            for (int i = 0; i < 40; i++) {
                assertThat(app.postJson("/api/predict-query-type",
                        "{\"query\": \"" + queries[i % queries.length] + "\"}").statusCode()).isEqualTo(200);
            }
            assertThat(app.get("/health").statusCode()).isEqualTo(200);

            prometheus.start(app.port());
            double expected = new PrometheusText(app.get("/metrics").body()).samples("query_type_predictions_total").stream()
                    .mapToDouble(s -> s.value()).sum();
            assertThat(expected).isEqualTo(80.0); // 40 predictions, and the prediction of each of the 40 searches

            // the counter, read back through Prometheus's HTTP API, with the instance's own total
            JsonNode result = prometheus.awaitResult("sum(query_type_predictions_total{job=\"query-type-predictor\"})",
                    r -> r.size() == 1 && r.get(0).path("value").get(1).asDouble() == expected);
            assertThat(result.get(0).path("value").get(1).asDouble()).isEqualTo(expected);
            JsonNode byType = prometheus.query("query_type_predictions_total");
            Set<String> types = new TreeSet<>();
            byType.forEach(s -> {
                assertThat(s.path("metric").path("instance").asText()).isEqualTo("127.0.0.1:" + app.port());
                types.add(s.path("metric").path("predicted_type").asText());
            });
            assertThat(types).containsExactly("hybrid", "keyword", "semantic");

            // the alert rules load and evaluate on the real series without error, and none fires
            JsonNode groups = prometheus.awaitApi("/api/v1/rules", d -> {
                List<JsonNode> rules = new ArrayList<>();
                d.path("groups").forEach(g -> g.path("rules").forEach(rules::add));
                return rules.size() == 8 && rules.stream().allMatch(r -> !r.path("lastEvaluation").asText()
                        .startsWith("0001") && r.path("health").asText().equals("ok"));
            }).path("groups");
            groups.forEach(g -> g.path("rules").forEach(r -> {
                assertThat(r.path("health").asText()).as(r.path("name").asText()).isEqualTo("ok");
                assertThat(r.path("state").asText()).as(r.path("name").asText()).isEqualTo("inactive");
            }));

            // every Grafana panel query: no error, and data (two scrapes are needed for rate())
            Thread.sleep(3000);
            JsonNode dashboard = Deploy.JSON.readTree(Deploy.file("deploy/grafana/dashboards/query-type-predictor.json").toFile());
            int checked = 0;
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText().replace("$__rate_interval", "30s");
                    JsonNode r = prometheus.query(expr);
                    assertThat(r).as(panel.path("title").asText() + ": " + expr).isNotEmpty();
                    checked++;
                }
            }
            assertThat(checked).isGreaterThanOrEqualTo(17);
        }
    }

    /** Three documents, 40 searches (one finds nothing), a click and a correction by queryId. */
    private static void searchAndGiveFeedback(JarProcess app) throws Exception {
        HttpResponse<String> docs = null;
        for (int i = 0; i < 60 && (docs == null || docs.statusCode() == 503); i++) { // the embedding model loads
            docs = app.postJson("/api/documents", "[{\"id\": \"redis\", \"content\": \"Redis cluster failover promotes a replica\"},"
                    + " {\"id\": \"pg\", \"content\": \"pgvector HNSW indexes in PostgreSQL\"},"
                    + " {\"id\": \"pasta\", \"content\": \"Boil the spaghetti until al dente\"}]");
            if (docs.statusCode() == 503) {
                Thread.sleep(1000);
            }
        }
        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        String[] strategies = {"keyword", "weighted", "vector", null};
        String queryId = null;
        for (int i = 0; i < 40; i++) {
            String query = i == 39 ? "zzqqxx nothing matches this" : i % 2 == 0 ? "redis failover" : "pgvector HNSW";
            String strategy = i == 39 ? "keyword" : strategies[i % strategies.length];
            HttpResponse<String> r = app.postJson("/api/search", "{\"query\": \"" + query + "\""
                    + (strategy == null ? "" : ", \"strategy\": \"" + strategy + "\"") + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (i == 0) {
                queryId = Deploy.JSON.readTree(r.body()).path("queryId").asText();
            }
        }
        HttpResponse<String> click = app.postJson("/api/feedback", "{\"queryId\": \"" + queryId
                + "\", \"clickedResultId\": \"redis\", \"correctType\": \"keyword\"}");
        assertThat(click.statusCode()).as(click.body()).isEqualTo(202);
    }

    private static Set<String> alertNames() throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode g : Deploy.yaml("deploy/prometheus/alerts.yml").path("groups")) {
            g.path("rules").forEach(r -> names.add(r.path("alert").asText()));
        }
        return names;
    }

    /** Debian's prometheus on a free loopback port, configured from the shipped prometheus.yml. */
    static final class PrometheusProcess implements AutoCloseable {
        private Process process;
        private int port;
        private Path dir;

        void start(int appPort) throws Exception {
            dir = Files.createTempDirectory("qtp-prometheus");
            ObjectNode config = (ObjectNode) Deploy.yaml("deploy/prometheus/prometheus.yml");
            // derived from the shipped file: the target is the test's instance; 2 s intervals instead of 15 s so
            // that the test needs seconds, not minutes; the rule file by absolute path
            ((ObjectNode) config.path("global")).put("scrape_interval", "2s").put("evaluation_interval", "2s");
            config.putArray("rule_files").add(Deploy.file("deploy/prometheus/alerts.yml").toString());
            ObjectNode job = (ObjectNode) config.path("scrape_configs").get(0);
            ((ObjectNode) job.path("static_configs").get(0)).putArray("targets").add("127.0.0.1:" + appPort);
            Path file = dir.resolve("prometheus.yml");
            Deploy.YAML.writeValue(file.toFile(), config);
            port = JarProcess.freePort();
            process = new ProcessBuilder("prometheus", "--config.file=" + file,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            awaitApi("/api/v1/status/buildinfo", d -> true);
        }

        JsonNode query(String promql) throws Exception {
            JsonNode r = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
            assertThat(r.path("status").asText()).as(promql + ": " + r).isEqualTo("success");
            return r.path("data").path("result");
        }

        JsonNode awaitResult(String promql, java.util.function.Predicate<JsonNode> done) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            JsonNode r = query(promql);
            while (!done.test(r) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                r = query(promql);
            }
            return r;
        }

        JsonNode awaitApi(String path, java.util.function.Predicate<JsonNode> done) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    JsonNode r = api(path);
                    if (r.path("status").asText().equals("success") && done.test(r.path("data"))) {
                        return r.path("data");
                    }
                } catch (java.io.IOException e) {
                    // not listening yet
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("prometheus: " + path + " not as expected in time:\n"
                            + Files.readString(dir.resolve("prometheus.log")));
                }
                Thread.sleep(250);
            }
        }

        private JsonNode api(String path) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return Deploy.JSON.readTree(r.body());
        }

        @Override
        public void close() throws Exception {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }
}
