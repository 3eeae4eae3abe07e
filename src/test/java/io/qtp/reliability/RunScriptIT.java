package io.qtp.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.JarProcess;
import io.qtp.support.ModelFiles;

/**
 * The README's first command, for real: {@code scripts/run.sh} (its JDK choice, {@code scripts/java-opts.sh}'s
 * options) on a free {@code PORT}, then the README's first curl example, taken from the README itself. The answer
 * must be the one the README shows: its {@code predictedType}, from the bundled model, {@code fallback: false},
 * {@code degraded: false}. {@code QTP_SKIP_BUILD=1}: the suite packaged the jar already, and a nested Maven build
 * while failsafe runs must never happen (the jar's modification time is checked too).
 */
class RunScriptIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The first prediction example of the README: its request body and the answer shown under it. */
    private static final Pattern EXAMPLE = Pattern.compile(
            "curl -s localhost:3000/api/predict-query-type -H 'Content-Type: application/json' \\\\\\s*-d '([^']*)'\\s*```\\s*```json\\s*(\\{.*?\\})\\s*```",
            Pattern.DOTALL);

    @Test
    void runShServesTheReadmeExampleFromTheModel() throws Exception {
        Matcher m = EXAMPLE.matcher(Files.readString(Path.of("README.md")));
        assertThat(m.find()).as("the README's first prediction example").isTrue();
        String request = m.group(1);
        JsonNode documented = JSON.readTree(m.group(2));
        String bundled = ModelFiles.bundledMetadata().get("version").asText();

        Path jar = JarProcess.jar().toAbsolutePath();
        assertThat(jar).isEqualTo(Path.of("target/query-type-predictor.jar").toAbsolutePath());
        FileTime built = Files.getLastModifiedTime(jar);
        int port = JarProcess.freePort();
        Path log = Files.createTempFile("qtp-run-sh", ".log");
        ProcessBuilder pb = new ProcessBuilder("scripts/run.sh").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("JAVA_OPTS"); // the shipped options, as a new user gets them
        pb.environment().keySet().removeIf(k -> k.equals("APP_ENV") || k.equals("LOG_DIR") || k.equals("LOG_LEVEL"));
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("QTP_SKIP_BUILD", "1");
        Process run = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                assertThat(run.isAlive()).as("scripts/run.sh exited:\n" + Files.readString(log)).isTrue();
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    // not listening yet
                }
                assertThat(System.nanoTime()).as("not ready within 120 s:\n" + Files.readString(log)).isLessThan(deadline);
                Thread.sleep(200);
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/predict-query-type")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(r.body());
            assertThat(answer.get("query").asText()).isEqualTo(documented.get("query").asText());
            assertThat(answer.get("predictedType").asText()).isEqualTo(documented.get("predictedType").asText());
            assertThat(answer.get("language").asText()).isEqualTo(documented.get("language").asText());
            assertThat(answer.get("modelVersion").asText()).isEqualTo(bundled);
            assertThat(answer.get("fallback").asBoolean()).as(r.body()).isFalse();
            assertThat(answer.get("degraded").asBoolean()).as(r.body()).isFalse();
            System.out.printf("scripts/run.sh on port %d: %s%n", port, r.body());
        } finally {
            run.destroy(); // run.sh execs java: SIGTERM reaches the service
            if (!run.waitFor(20, TimeUnit.SECONDS)) {
                run.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        assertThat(Files.getLastModifiedTime(jar)).as("run.sh must not rebuild the jar in the suite").isEqualTo(built);
    }
}
