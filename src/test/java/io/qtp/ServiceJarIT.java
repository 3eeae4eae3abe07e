package io.qtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.JarProcess;

/** The packaged jar, run as users run it: port from PORT, JSON logs in production, files under LOG_DIR. */
class ServiceJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "ニューラルネットワークの学習方法について教えてください";

    @Test
    void productionServesOnPortWithJsonLogsToConsoleAndFiles() throws Exception {
        Path logDir = Files.createTempDirectory("qtp-logs");
        try (JarProcess app = JarProcess.start(Map.of("APP_ENV", "production", "LOG_DIR", logDir.toString(),
                "TRUSTED_PROXIES", "127.0.0.1"))) {
            app.awaitReady(Duration.ofSeconds(60));

            HttpResponse<String> r = app.postJson("/api/predict-query-type", "{\"query\": \"" + QUERY + "\"}",
                    "User-Agent", "jar-it", "X-Request-Id", "jar-it-1");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("predictedType").asText()).isEqualTo("semantic");
            assertThat(r.headers().firstValue("X-Request-Id")).contains("jar-it-1");
            assertThat(app.postJson("/api/predict-query-type", "{\"query\": 1}").statusCode()).isEqualTo(400);
            // the playground is off in production unless QTP_PLAYGROUND_ENABLED says otherwise
            assertThat(app.get("/playground").statusCode()).isEqualTo(404);

            List<JsonNode> combined = awaitLines(logDir.resolve("combined.log"), "jar-it-1");
            assertThat(combined).allSatisfy(ServiceJarIT::assertLogLine);
            JsonNode access = combined.stream()
                    .filter(l -> l.path("mdc").path("requestId").asText().equals("jar-it-1")).findFirst().orElseThrow();
            assertThat(access.get("message").asText()).isEqualTo("Request completed");
            assertThat(access.get("level").asText()).isEqualTo("INFO");
            JsonNode mdc = access.get("mdc");
            assertThat(mdc.get("method").asText()).isEqualTo("POST");
            assertThat(mdc.get("url").asText()).isEqualTo("/api/predict-query-type");
            assertThat(mdc.get("statusCode").asText()).isEqualTo("200");
            assertThat(mdc.get("userAgent").asText()).isEqualTo("jar-it");
            assertThat(mdc.get("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(mdc.get("duration").asText()).matches("\\d+\\.\\d{3}ms");

            // Behind a trusted proxy (nginx on loopback here) the logged address is the forwarding one.
            assertThat(app.postJson("/api/predict-query-type", "{\"query\": \"" + QUERY + "\"}",
                    "X-Forwarded-For", "203.0.113.7", "X-Request-Id", "jar-it-2").statusCode()).isEqualTo(200);
            JsonNode forwarded = awaitLines(logDir.resolve("combined.log"), "jar-it-2").stream()
                    .filter(l -> l.path("mdc").path("requestId").asText().equals("jar-it-2")).findFirst().orElseThrow();
            assertThat(forwarded.path("mdc").path("ip").asText()).isEqualTo("203.0.113.7");

            // Every console line is JSON in production, and the query text is not logged at info level.
            String stdout = app.stdout();
            List<JsonNode> console = parseLines(stdout);
            assertThat(console).isNotEmpty().allSatisfy(ServiceJarIT::assertLogLine);
            assertThat(stdout).doesNotContain(QUERY);

            Path errorLog = logDir.resolve("error.log");
            assertThat(errorLog).exists();
            assertThat(parseLines(Files.readString(errorLog)))
                    .allSatisfy(l -> assertThat(l.get("level").asText()).isEqualTo("ERROR"));
        }
    }

    @Test
    void developmentLogsHumanReadableLinesAndTheQueryAtDebug() throws Exception {
        try (JarProcess app = JarProcess.start(Map.of())) {
            app.awaitReady(Duration.ofSeconds(60));
            assertThat(app.postJson("/api/predict-query-type", "{\"query\": \"" + QUERY + "\"}").statusCode())
                    .isEqualTo(200);
            String stdout = awaitStdout(app, QUERY);
            assertThat(stdout).contains("Request completed").contains(QUERY);
            // the playground is on in development, its files in the jar
            HttpResponse<String> page = app.get("/playground");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Query type playground</title>");
            assertThat(app.get("/playground/app.js").body()).contains("/api/predict-query-type");
            assertThat(app.get("/playground/app.css").statusCode()).isEqualTo(200);
            assertThat(stdout.lines().filter(l -> !l.isBlank()).findFirst().orElseThrow()).doesNotStartWith("{");
        }
    }

    @Test
    void unknownCommandExitsWithUsage() throws Exception {
        try (JarProcess app = JarProcess.start(Map.of(), "no-such-command")) {
            assertThat(app.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(app.process().exitValue()).isEqualTo(2);
            assertThat(app.output()).contains("unknown command: no-such-command").contains("usage:");
        }
    }

    /**
     * The jar leaves out the debug symbols ONNX Runtime ships for Windows and macOS (305 MB before compression; nothing
     * loads them) and keeps every runtime library, Linux's ONNX Runtime and the embedding model included.
     */
    @Test
    void theJarCarriesNoDebugSymbolsAndEveryRuntimeLibrary() throws Exception {
        List<String> entries = new ArrayList<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(JarProcess.jar().toFile())) {
            zip.stream().filter(e -> !e.isDirectory()).forEach(e -> entries.add(e.getName()));
        }
        assertThat(entries).noneMatch(n -> n.endsWith(".pdb") || n.contains(".dSYM/"));
        assertThat(entries).contains("ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so", "all-minilm-l6-v2-q.onnx", "bge-small-zh-v1.5-q.onnx",
                "model/current/metadata.json");
    }

    private static void assertLogLine(JsonNode line) {
        assertThat(line.hasNonNull("timestamp")).as("timestamp in %s", line).isTrue();
        assertThat(line.hasNonNull("level")).as("level in %s", line).isTrue();
        assertThat(line.hasNonNull("message")).as("message in %s", line).isTrue();
        assertThat(line.path("service").asText()).as("service in %s", line).isEqualTo("query-type-predictor");
    }

    private static List<JsonNode> parseLines(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static List<JsonNode> awaitLines(Path file, String contains) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(file)) {
                String text = Files.readString(file);
                if (text.contains(contains)) {
                    return parseLines(text);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(file + " never contained " + contains);
    }

    private static String awaitStdout(JarProcess app, String contains) throws Exception {
        for (int i = 0; i < 100; i++) {
            String s = app.stdout();
            if (s.contains(contains) && s.contains("Request completed")) {
                return s;
            }
            Thread.sleep(100);
        }
        return app.stdout();
    }
}
