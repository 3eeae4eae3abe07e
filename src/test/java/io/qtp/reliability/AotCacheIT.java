package io.qtp.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.JarProcess;

/**
 * The JVM's ahead-of-time cache (issue 18, "full speed from the first request"): {@code scripts/aot-cache.sh}'s
 * training run (io.qtp.aot.AotTraining) answers every request it sends without a server error and exits by itself,
 * the JVM writes the cache, and the packaged jar then starts with {@code -XX:AOTMode=on}, under which the JVM refuses
 * to start when the cache cannot be used, and serves a prediction from the model. The cache goes to a directory of
 * its own, so that scripts/run.sh in other tests never picks it up.
 */
class AotCacheIT {

    @Test
    void trainingRunWritesACacheThatTheServiceStartsWith() throws Exception {
        Path dir = Files.createTempDirectory("qtp-aot-it");
        Path cache = dir.resolve("service.aot");
        ProcessBuilder pb = new ProcessBuilder("scripts/aot-cache.sh").redirectErrorStream(true);
        pb.environment().remove("JAVA_OPTS"); // the shipped options
        pb.environment().put("JAR", JarProcess.jar().toString());
        pb.environment().put("AOT_CACHE", cache.toString());
        pb.environment().put("QTP_AOT_TRAINING_DURATION", "3s");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("AOT training run done: [1-9][0-9]* answers, 0 failed requests");
        assertThat(Files.size(cache)).as(out).isGreaterThan(1_000_000);

        List<String> options = new java.util.ArrayList<>(IdleJvmOptionsIT.shippedJavaOptions());
        options.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache));
        try (JarProcess service = JarProcess.start(options, Map.of("APP_ENV", "production"))) {
            service.awaitReady(Duration.ofSeconds(90));
            var r = service.postJson("/api/predict-query-type", "{\"query\":\"東京 天気\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode answer = new ObjectMapper().readTree(r.body());
            assertThat(answer.get("fallback").asBoolean()).isFalse();
            assertThat(answer.get("predictedType").asText()).isEqualTo("keyword");
        } finally {
            Files.deleteIfExists(cache);
            Files.deleteIfExists(dir);
        }
    }
}
