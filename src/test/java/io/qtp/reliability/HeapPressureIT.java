package io.qtp.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.JarProcess;
import io.qtp.support.ModelFiles;
import io.qtp.support.PrometheusText;

/**
 * Memory pressure for real: the packaged jar with the shipped collector (parallel) under a small fixed heap (96 MB)
 * and a prediction cache allowed to hold a million entries, filled with unique queries until the old generation
 * after a full collection passes {@code DEGRADE_HEAP_PERCENT} (75 % here). Then predictions must answer degraded
 * (200), {@code /health/details} must say {@code degraded} with the reason {@code memory} and since when, and
 * {@code /health/ready} must stay 200. The cached entries expire ({@code CACHE_TTL=15s}); the memory is free again,
 * and the service must notice by itself (the next old-generation collection, or the one the sampler asks for when
 * its reading is {@code qtp.degradation.memory-recheck} old) and answer with the model again.
 */
class HeapPressureIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fillingTheHeapDegradesAndFreeingItRecovers() throws Exception {
        String bundled = ModelFiles.bundledMetadata().get("version").asText();
        List<String> jvm = List.of("-XX:+UseParallelGC", "-Xms96m", "-Xmx96m", "-Dqtp.cache.max-size=1000000",
                "-Dqtp.degradation.memory-recheck=3s");
        try (JarProcess app = JarProcess.start(jvm, Map.of("DEGRADE_HEAP_PERCENT", "75", "CACHE_TTL", "15s"))) {
            app.awaitReady(Duration.ofSeconds(120));
            try {
                run(app, bundled);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\n" + tail(app.output(), 60), e);
            }
        }
    }

    private static void run(JarProcess app, String bundled) throws Exception {
        // Start-up itself briefly fills a heap this small (model and dictionaries being loaded; a full collection then
        // reads about 58 of 64 MB): wait until the reading is low and has stayed so for 2 s.
        awaitCalm(app);

        // 1. Fill the heap with cache entries (100 unique queries per batch) until answers say degraded and
        // /health/details says why: memory.
        long start = System.nanoTime();
        int batches = 0;
        boolean degraded = false;
        while (!degraded) {
            assertThat(batches).as("the heap never filled (batches sent)").isLessThan(5000);
            assertThat(System.nanoTime() - start).as("the heap did not fill within 3 minutes").isLessThan(180_000_000_000L);
            StringBuilder queries = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                queries.append(i == 0 ? "" : ",").append("\"fill the heap with query ").append(batches).append(' ')
                        .append(i).append(" of many\"");
            }
            HttpResponse<String> r = app.postJson("/api/predict-query-type/batch", "{\"queries\": [" + queries + "]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            degraded = JSON.readTree(r.body()).get("results").get(0).get("degraded").asBoolean()
                    && JSON.readTree(app.get("/health/details").body()).get("degradation").get("active").asBoolean();
            batches++;
        }
        double fillSeconds = (System.nanoTime() - start) / 1e9;

        // 2. Degraded: answers still 200 (rules), health says why and since when, readiness stays 200.
        HttpResponse<String> single = app.postJson("/api/predict-query-type", "{\"query\": \"how do I reset my password\"}");
        assertThat(single.statusCode()).isEqualTo(200);
        JsonNode p = JSON.readTree(single.body());
        assertThat(p.get("degraded").asBoolean()).as(single.body()).isTrue();
        assertThat(p.get("fallback").asBoolean()).as(single.body()).isTrue();
        JsonNode details = awaitDetails(app, true, Duration.ofSeconds(5));
        JsonNode reason = details.get("degradation").get("reasons").get(0);
        assertThat(reason.get("reason").asText()).isEqualTo("memory");
        assertThat(reason.get("detail").asText()).contains("long-lived heap after GC").contains("limit 75 %");
        Instant since = Instant.parse(details.get("degradation").get("since").asText());
        assertThat(since).isAfter(Instant.now().minusSeconds(240)).isBefore(Instant.now().plusSeconds(1));
        assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(new PrometheusText(app.get("/metrics").body()).sum("query_type_degraded", Map.of())).isEqualTo(1.0);
        String atPressure = details.get("memory").get("longLivedAfterGc").asText() + " of "
                + details.get("memory").get("longLivedMax").asText();

        // 3. The entries expire (CACHE_TTL=15s): the service must recover by itself, while serving.
        long recoverStart = System.nanoTime();
        int sent = 0;
        boolean recovered = false;
        JsonNode last = null;
        while (!recovered) {
            assertThat(System.nanoTime() - recoverStart).as("still degraded 120 s after the fill stopped: " + last)
                    .isLessThan(120_000_000_000L);
            HttpResponse<String> r = app.postJson("/api/predict-query-type",
                    "{\"query\": \"is the memory free again " + sent++ + "\"}");
            assertThat(r.statusCode()).isEqualTo(200);
            last = JSON.readTree(r.body());
            recovered = !last.get("degraded").asBoolean();
            if (!recovered) {
                Thread.sleep(300);
            }
        }
        double recoverSeconds = (System.nanoTime() - recoverStart) / 1e9;
        assertThat(last.get("modelVersion").asText()).isEqualTo(bundled);
        assertThat(last.get("fallback").asBoolean()).isFalse();
        JsonNode after = awaitDetails(app, false, Duration.ofSeconds(5));
        assertThat(after.get("status").asText()).isEqualTo("ok");

        String report = String.format("Heap pressure (parallel GC, -Xmx96m, limit 75 %%): degraded after %d batches of 100"
                + " unique queries (%.1f s; long-lived heap after GC %s); recovered %.1f s after the fill stopped"
                + " (entries expire after 15 s), long-lived heap after GC %s%n", batches, fillSeconds, atPressure,
                recoverSeconds, after.get("memory").get("longLivedAfterGc").asText());
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "heap-pressure.txt"), report);
    }

    /**
     * Until the long-lived heap after GC reads under 70 % of its maximum, without degradation, 8 polls in a row (2 s),
     * with a prediction per poll so that collections happen.
     */
    private static void awaitCalm(JarProcess app) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int calm = 0;
        int n = 0;
        while (calm < 8) {
            app.postJson("/api/predict-query-type", "{\"query\": \"settling down " + n++ + "\"}");
            JsonNode d = JSON.readTree(app.get("/health/details").body());
            JsonNode m = d.get("memory");
            boolean low = m.has("longLivedAfterGc") && m.has("longLivedMax")
                    && mb(m.get("longLivedAfterGc")) < 0.7 * mb(m.get("longLivedMax"));
            calm = low && !d.get("degradation").get("active").asBoolean() ? calm + 1 : 0;
            assertThat(System.nanoTime()).as("never calm after start: " + d).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static double mb(JsonNode v) {
        return Double.parseDouble(v.asText().replace(" MB", ""));
    }

    /** Polls /health/details until its degradation is active (or not); returns the last answer. */
    private static JsonNode awaitDetails(JarProcess app, boolean active, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> r = app.get("/health/details");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode d = JSON.readTree(r.body());
            boolean isActive = d.get("degradation").get("active").asBoolean();
            if (isActive == active) {
                assertThat(d.get("status").asText()).as(d.toString()).isEqualTo(active ? "degraded" : "ok");
                return d;
            }
            assertThat(System.nanoTime()).as("degradation.active never became " + active + ": " + d).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
