package io.qtp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.qtp.support.JarProcess;

/**
 * deploy/logging/logstash.conf kept in step with the log lines the service really writes: an instance runs with
 * APP_ENV=production and LOG_DIR, serves a few requests, and every field the pipeline references (parsed from the
 * pipeline file) exists in the real lines of LOG_DIR/combined.log, with values the pipeline's date, grok and
 * conditionals accept; the files it reads are the ones the service writes, and the index is the seed's.
 */
class LogPipelineIT {

    private static final Pattern FIELD_REF = Pattern.compile("(?:\\[[A-Za-z_@][A-Za-z0-9_@]*\\])+");
    private static final Pattern CONDITION = Pattern.compile("if\\s+((?:\\[[A-Za-z0-9_]+\\])+)\\s*==\\s*\"([^\"]*)\"");
    private static final Pattern GROK = Pattern.compile("\"((?:\\[[A-Za-z0-9_]+\\])+)\"\\s*=>\\s*\"(\\^?%\\{[^\"]*)\"");

    @Test
    void everyFieldThePipelineReadsIsInTheServicesRealLogLines() throws Exception {
        String pipeline = Deploy.read("deploy/logging/logstash.conf").lines()
                .filter(l -> !l.strip().startsWith("#")).reduce("", (a, b) -> a + b + "\n");

        Path logDir = Files.createTempDirectory("qtp-logstash");
        List<JsonNode> lines;
        try (JarProcess app = JarProcess.start(Map.of("APP_ENV", "production", "LOG_DIR", logDir.toString()))) {
            app.awaitReady(Duration.ofSeconds(90));
            assertThat(app.postJson("/api/predict-query-type", "{\"query\": \"redis cluster failover\"}",
                    "User-Agent", "logstash-it").statusCode()).isEqualTo(200);
            assertThat(app.get("/no-such-route").statusCode()).isEqualTo(404);
            lines = awaitAccessLines(logDir.resolve("combined.log"), 3);
        }

        // the files the pipeline reads are the service's files, read as JSON lines
        assertThat(pipeline).contains("/combined.log\"").contains("/error.log\"").contains("codec => \"json\"");
        assertThat(logDir.resolve("combined.log")).exists();
        assertThat(logDir.resolve("error.log")).exists();
        for (String l : Files.readAllLines(logDir.resolve("error.log"))) {
            assertThat(Deploy.JSON.readTree(l).path("level").asText()).isEqualTo("ERROR");
        }
        assertThat(pipeline).contains("index => \"query-type-predictor-%{+YYYY.MM.dd}\"");

        // the access lines are the ones inside the "Request completed" conditional
        List<JsonNode> access = lines.stream().filter(l -> l.path("message").asText().equals("Request completed")).toList();
        assertThat(access).hasSizeGreaterThanOrEqualTo(3);

        Set<String> refs = new LinkedHashSet<>();
        Matcher m = FIELD_REF.matcher(pipeline);
        while (m.find()) {
            if (!m.group().startsWith("[@")) { // @metadata / @timestamp are Logstash's own
                refs.add(m.group());
            }
        }
        assertThat(refs).contains("[timestamp]", "[message]", "[mdc][method]", "[mdc][duration]");
        for (String ref : refs) {
            List<String> path = path(ref);
            // fields under mdc are the access line's; every other field is in every line
            List<JsonNode> where = path.get(0).equals("mdc") ? access : lines;
            assertThat(where).as("log lines with " + ref).allSatisfy(l -> assertThat(at(l, path).isMissingNode())
                    .as(ref + " in " + l).isFalse());
        }

        // the date filter's field is ISO 8601
        lines.forEach(l -> Instant.parse(l.path("timestamp").asText()));

        // conditionals compare with values the service writes
        Matcher c = CONDITION.matcher(pipeline);
        int conditions = 0;
        while (c.find()) {
            List<String> path = path(c.group(1));
            String value = c.group(2);
            conditions++;
            if (path.equals(List.of("level"))) {
                // a level name of the service's log manager (errors may not occur in this run)
                assertThat(org.jboss.logmanager.Level.parse(value).getName()).isEqualTo(value);
            } else {
                assertThat(lines).as(c.group()).anyMatch(l -> at(l, path).asText().equals(value));
            }
        }
        assertThat(conditions).isGreaterThanOrEqualTo(1);

        // grok patterns match the real values (NUMBER as grok defines it)
        Matcher g = GROK.matcher(pipeline);
        int groks = 0;
        while (g.find()) {
            List<String> path = path(g.group(1));
            Pattern p = Pattern.compile(g.group(2).replaceAll("%\\{NUMBER(:[^}]*)?}", "[+-]?(?:\\\\d+(?:\\\\.\\\\d*)?|\\\\.\\\\d+)"));
            groks++;
            for (JsonNode l : access) {
                assertThat(at(l, path).asText()).matches(p);
            }
        }
        assertThat(groks).isEqualTo(1);
    }

    private static List<String> path(String ref) {
        List<String> path = new ArrayList<>();
        for (String part : ref.substring(1, ref.length() - 1).split("\\]\\[")) {
            path.add(part);
        }
        return path;
    }

    private static JsonNode at(JsonNode node, List<String> path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    private static List<JsonNode> awaitAccessLines(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<JsonNode> lines = new ArrayList<>();
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file)) {
                    if (!l.isBlank()) {
                        lines.add(Deploy.JSON.readTree(l));
                    }
                }
            }
            if (lines.stream().filter(l -> l.path("message").asText().equals("Request completed")).count() >= count) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " access lines in " + file + ": " + lines);
            }
            Thread.sleep(200);
        }
    }
}
