package io.qtp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.qtp.support.JarProcess;

/**
 * The image users get: deploy/docker/Dockerfile, built with podman exactly as shipped except that its base image
 * (a build argument) is one made on this machine from Debian's packages by scripts/container/base-image.sh
 * (nothing can be pulled here). The container runs on the host network with PORT set to a free port and is
 * checked from outside: /health, a prediction, the non-root user, the image's HEALTHCHECK, its volume and
 * its JVM flags.
 */
class ContainerImageIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void imageBuildsRunsAsNonRootAndAnswersFromOutside() throws Exception {
        JarProcess.jar(); // the image copies the packaged jar
        String base = Command.ok(Duration.ofMinutes(20), "bash", "scripts/container/base-image.sh").strip();
        base = base.lines().reduce((a, b) -> b).orElseThrow();
        String tag = "localhost/qtp-image-it:" + UUID.randomUUID().toString().substring(0, 8);
        String name = "qtp-image-it-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            Command.ok(Duration.ofMinutes(5), "podman", "build", "--format", "docker", "--build-arg",
                    "RUNTIME_IMAGE=" + base, "-f", "deploy/docker/Dockerfile", "-t", tag, ".");

            // what the image declares
            JsonNode config = Deploy.JSON.readTree(
                    Command.ok(Duration.ofMinutes(1), "podman", "image", "inspect", tag)).get(0).path("Config");
            assertThat(config.path("User").asText()).doesNotStartWith("0").isNotBlank();
            assertThat(config.path("ExposedPorts").has(Deploy.appPort() + "/tcp")).isTrue();
            assertThat(config.path("Volumes").has(Deploy.imageModelDir())).isTrue();
            assertThat(config.path("Env").toString())
                    .contains("MODEL_DIR=/app/model", "APP_ENV=production", "-XX:MaxRAMPercentage=");
            assertThat(Deploy.JSON.readTree(Command.ok(Duration.ofMinutes(1), "podman", "image", "inspect", tag)).get(0)
                    .path("Healthcheck").path("Test").toString()).contains("/health");

            int port = JarProcess.freePort();
            Command.ok(Duration.ofMinutes(1), "podman", "run", "-d", "--name", name, "--network", "host",
                    "--memory", "768m", "-e", "PORT=" + port, tag);
            awaitHealth(name, port);

            HttpResponse<String> health = get(port, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Deploy.JSON.readTree(health.body()).path("modelLoaded").asBoolean()).isTrue();

            HttpResponse<String> prediction = HTTP.send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + "/api/predict-query-type"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"How do I reset my password\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(prediction.statusCode()).isEqualTo(200);
            JsonNode body = Deploy.JSON.readTree(prediction.body());
            assertThat(body.path("predictedType").asText()).isEqualTo("semantic");
            assertThat(body.path("fallback").asBoolean()).isFalse();

            // non-root: the uid inside the container and the owner of PID 1 (the JVM, thanks to exec)
            assertThat(Command.ok(Duration.ofSeconds(30), "podman", "exec", name, "id", "-u").strip())
                    .isNotEqualTo("0").isEqualTo("10001");
            String top = Command.ok(Duration.ofSeconds(30), "podman", "top", name, "user", "pid", "args");
            assertThat(top).contains("java -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -jar");
            assertThat(top.lines().skip(1).filter(l -> l.contains("java")).findFirst().orElseThrow())
                    .startsWith("10001").doesNotStartWith("root");

            // and from inside the container (the SPEC's check), with the image's own curl
            assertThat(Command.ok(Duration.ofSeconds(30), "podman", "exec", name, "curl", "-fsS",
                    "-H", "Content-Type: application/json", "-d", "{\"query\": \"redis cluster failover\"}",
                    "http://127.0.0.1:" + port + "/api/predict-query-type")).contains("\"predictedType\":\"keyword\"");
            assertThat(Command.ok(Duration.ofSeconds(30), "podman", "exec", name, "curl", "-fsS",
                    "http://127.0.0.1:" + port + "/health")).contains("\"modelLoaded\":true");

            // the empty /app/model volume was seeded with the bundled model, by the non-root user
            assertThat(Command.ok(Duration.ofSeconds(30), "podman", "exec", name, "ls", "/app/model/current"))
                    .contains("metadata.json");

            // the image's own HEALTHCHECK command passes
            assertThat(Command.run(Duration.ofSeconds(60), "podman", "healthcheck", "run", name).exitCode())
                    .isZero();

            // production logging: JSON lines on the console
            String logs = Command.ok(Duration.ofSeconds(30), "podman", "logs", name);
            assertThat(logs.lines().filter(l -> l.startsWith("{\"timestamp\""))
                    .anyMatch(l -> l.contains("\"message\":\"Request completed\""))).isTrue();

            // the heap follows the container's memory limit (MaxRAMPercentage=75 of 768m)
            JsonNode details = Deploy.JSON.readTree(get(port, "/health/details").body());
            int heapMaxMb = Integer.parseInt(details.path("memory").path("heapMax").asText().replace(" MB", ""));
            assertThat(heapMaxMb).isBetween(500, 600);
        } finally {
            Command.run(Duration.ofMinutes(1), "podman", "rm", "-f", "-t", "5", name);
            Command.run(Duration.ofMinutes(1), "podman", "rmi", "-f", tag);
        }
    }

    private static void awaitHealth(String name, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "/health").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("container not healthy in 90 s:\n"
                + Command.run(Duration.ofSeconds(30), "podman", "logs", name).output());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
