package io.qtp.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.JarProcess;
import io.qtp.support.ModelFiles;
import io.qtp.support.PrometheusText;

/**
 * The service started the way the README starts it: the packaged jar with the options of {@code scripts/java-opts.sh}
 * (parallel collector, a fixed 192 MB heap), and the same with G1, Serial and generational ZGC in its place. Each
 * instance serves a few thousand predictions (so that young collections happen and the survivor spaces fill), then
 * idles; during the idle the memory-pressure gauge must stay 0, and afterwards the README's first example must be
 * answered by the bundled model: {@code fallback: false}, {@code degraded: false}, and {@code /health/details} must
 * say {@code ok} with no degradation. (With the old sampler, which read every heap pool's usage after its last
 * collection, the parallel and serial runs answered degraded: a survivor space is nearly full after each young GC.)
 * The four instances run side by side to keep the test short.
 */
class IdleJvmOptionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration IDLE_AFTER_START = Duration.ofSeconds(10);
    static final Duration IDLE_AFTER_LOAD = Duration.ofSeconds(15);
    static final String README_QUERY = "PostgreSQL ベクトル検索 インデックス";

    /** The options {@code scripts/run.sh} uses when JAVA_OPTS is not set, read from the script itself. */
    static List<String> shippedJavaOptions() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". scripts/java-opts.sh && printf '%s' \"$QTP_JAVA_OPTS\"");
        pb.environment().remove("JAVA_OPTS");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("scripts/java-opts.sh's default options").contains("-XX:+UseParallelGC").contains("-Xmx");
        return List.of(out.split("\\s+"));
    }

    /** The shipped options with the parallel collector swapped for another. */
    static List<String> withCollector(List<String> shipped, String... collector) {
        List<String> out = new ArrayList<>();
        for (String o : shipped) {
            if (o.equals("-XX:+UseParallelGC")) {
                out.addAll(List.of(collector));
            } else {
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void idleServiceAnswersWithTheModelUnderEveryCollector() throws Exception {
        List<String> shipped = shippedJavaOptions();
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("shipped (Parallel)", shipped);
        variants.put("G1", withCollector(shipped, "-XX:+UseG1GC"));
        variants.put("Serial", withCollector(shipped, "-XX:+UseSerialGC"));
        variants.put("ZGC (generational)", Runtime.version().feature() < 23
                ? withCollector(shipped, "-XX:+UseZGC", "-XX:+ZGenerational")
                : withCollector(shipped, "-XX:+UseZGC"));
        String bundled = ModelFiles.bundledMetadata().get("version").asText();

        Map<String, JarProcess> apps = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(variants.size());
        try {
            for (var v : variants.entrySet()) {
                apps.put(v.getKey(), JarProcess.start(v.getValue(), Map.of()));
            }
            List<Future<String>> runs = new ArrayList<>();
            for (var a : apps.entrySet()) {
                runs.add(pool.submit(() -> run(a.getKey(), a.getValue(), bundled)));
            }
            StringBuilder report = new StringBuilder("Idle with the shipped JVM options and other collectors:\n");
            List<String> failures = new ArrayList<>();
            for (Future<String> f : runs) {
                try {
                    report.append("  ").append(f.get(5, TimeUnit.MINUTES)).append('\n');
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                    report.append("  FAILED: ").append(e.getCause().getMessage().lines().findFirst().orElse("")).append('\n');
                }
            }
            System.out.print(report);
            assertThat(failures).as("collectors whose idle service answered degraded or not from the model").isEmpty();
        } finally {
            pool.shutdownNow();
            for (JarProcess app : apps.values()) {
                app.close();
            }
        }
    }

    /**
     * Idle right after ready (the first user's situation: only the start-up's collections have run), check; then a few
     * thousand predictions, idle again, check. Returns one line for the report; fails with the process output.
     */
    private static String run(String name, JarProcess app, String bundled) throws Exception {
        app.awaitReady(Duration.ofSeconds(120));
        try {
            idleAndCheck(name + ", idle after start", app, bundled, IDLE_AFTER_START);
            double before = gcCount(app);
            // A few thousand predictions (unique queries, so each one is analysed and cached), singles and batches.
            for (int i = 0; i < 1500; i++) {
                ok(app.postJson("/api/predict-query-type", "{\"query\": \"redis cluster failover " + i + " ベクトル\"}"));
            }
            for (int b = 0; b < 25; b++) {
                StringBuilder queries = new StringBuilder();
                for (int i = 0; i < 100; i++) {
                    queries.append(i == 0 ? "" : ",").append("\"how do I tune query ").append(b).append('-').append(i)
                            .append(" for pgvector\"");
                }
                ok(app.postJson("/api/predict-query-type/batch", "{\"queries\": [" + queries + "]}"));
            }
            double collections = gcCount(app) - before;
            assertThat(collections).as(name + ": collections happened during the load").isPositive();
            String version = idleAndCheck(name + ", idle after load", app, bundled, IDLE_AFTER_LOAD);
            return String.format("%-20s %.0f collections during the load; after %d s + %d s of idle: model %s, not degraded",
                    name, collections, IDLE_AFTER_START.toSeconds(), IDLE_AFTER_LOAD.toSeconds(), version);
        } catch (AssertionError | Exception e) {
            throw new AssertionError(name + " failed: " + e.getMessage() + "\n" + app.output(), e);
        }
    }

    /**
     * Idles for {@code idle} while reading the memory-pressure gauge (no predictions), then asks the README's first
     * example: the model must answer, not degraded, and {@code /health/details} must be ok. Returns the model version.
     */
    private static String idleAndCheck(String what, JarProcess app, String bundled, Duration idle) throws Exception {
        long end = System.nanoTime() + idle.toNanos();
        while (System.nanoTime() < end) {
            PrometheusText m = new PrometheusText(app.get("/metrics").body());
            assertThat(m.sum("query_type_degraded", Map.of())).as(what + ": memory pressure flagged").isEqualTo(0.0);
            Thread.sleep(1000);
        }
        HttpResponse<String> r = app.postJson("/api/predict-query-type", "{\"query\": \"" + README_QUERY + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("predictedType").asText()).as(what).isEqualTo("keyword");
        assertThat(p.get("modelVersion").asText()).as(what + ": " + r.body()).isEqualTo(bundled);
        assertThat(p.get("fallback").asBoolean()).as(what + ": " + r.body()).isFalse();
        assertThat(p.get("degraded").asBoolean()).as(what + ": " + r.body()).isFalse();
        JsonNode details = settledDetails(what, app);
        assertThat(details.get("status").asText()).as(what + ": " + details).isEqualTo("ok");
        assertThat(details.path("degradation").path("active").asBoolean(true)).as(what + ": " + details).isFalse();
        return p.get("modelVersion").asText();
    }

    /**
     * {@code /health/details}, read again (up to 10 s) while its only degradation reason is event-loop lag: the first
     * prediction after an idle runs cold code, and with four JVMs on two cores it can hold an event loop for a few
     * hundred ms, which the backlog detector reports for a moment. That is the detector doing its job, not the idle bug
     * this test is about; memory pressure, or a lag that does not clear on an idle service, still fails.
     */
    private static JsonNode settledDetails(String what, JarProcess app) throws Exception {
        JsonNode details = JSON.readTree(app.get("/health/details").body());
        for (int i = 0; i < 20 && onlyLoopLag(details); i++) {
            Thread.sleep(500);
            details = JSON.readTree(app.get("/health/details").body());
        }
        return details;
    }

    static boolean onlyLoopLag(JsonNode details) {
        JsonNode reasons = details.path("degradation").path("reasons");
        if (!details.path("degradation").path("active").asBoolean(false) || reasons.isEmpty()) {
            return false;
        }
        for (JsonNode r : reasons) {
            if (!r.path("reason").asText().equals("event-loop-lag")) {
                return false;
            }
        }
        return true;
    }

    private static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** Collections so far, from {@code jvm_gc_pause_seconds_count} (every collector and cause). */
    private static double gcCount(JarProcess app) throws IOException, InterruptedException {
        PrometheusText m = new PrometheusText(app.get("/metrics").body());
        return m.sum("jvm_gc_pause_seconds_count", Map.of()) + m.sum("jvm_gc_concurrent_phase_time_seconds_count", Map.of());
    }
}
