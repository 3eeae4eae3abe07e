package io.qtp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/compose parsed and cross-checked with the application and the other deployment files: the service is
 * built from the shipped Dockerfile and publishes the app's port, every environment name is one the app reads,
 * the model volume is the image's MODEL_DIR, Redis, PostgreSQL (with pgvector) and the monitoring and logging
 * stacks are wired to the names, ports and files the service and the configurations use.
 */
class ComposeFilesTest {

    private static final String DIR = "deploy/compose/";

    private static JsonNode compose(String file) throws IOException {
        JsonNode c = Deploy.yaml(DIR + file);
        assertThat(c.path("services").isObject()).as(file + " has services").isTrue();
        // every named volume used is declared, every depends_on names a service of the stack
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("services").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> s = it.next();
            assertThat(s.getValue().path("image").asText()).as(s.getKey() + " image").isNotBlank();
            for (JsonNode v : s.getValue().path("volumes")) {
                String source = v.asText().split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    assertThat(c.path("volumes").has(source)).as(file + ": volume " + source + " declared").isTrue();
                } else if (source.startsWith("../")) {
                    assertThat(Deploy.root().resolve(DIR).resolve(source).normalize()).as(file + ": mounted file")
                            .exists();
                }
            }
        }
        return c;
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isArray()) {
            e.forEach(x -> {
                String[] kv = x.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            e.fields().forEachRemaining(x -> env.put(x.getKey(), x.getValue().asText()));
        }
        return env;
    }

    private static List<String> ports(JsonNode service) {
        List<String> ports = new ArrayList<>();
        service.path("ports").forEach(p -> ports.add(p.asText()));
        return ports;
    }

    @Test
    void serviceStackMatchesTheApplication() throws IOException {
        JsonNode c = compose("docker-compose.yml");
        JsonNode app = c.path("services").path("query-type-predictor");
        assertThat(Deploy.root().resolve(DIR).resolve(app.path("build").path("context").asText())
                .resolve(app.path("build").path("dockerfile").asText()).normalize())
                .isEqualTo(Deploy.file("deploy/docker/Dockerfile"));

        Map<String, String> env = environment(app);
        assertThat(env.keySet()).isSubsetOf(Deploy.allowedEnvironment());
        int port = Integer.parseInt(env.getOrDefault("PORT", Integer.toString(Deploy.appPort())));
        assertThat(ports(app)).contains(port + ":" + port);
        assertThat(port).isEqualTo(Deploy.appPort());
        assertThat(env).containsEntry("APP_ENV", "production").containsEntry("RATE_LIMIT_REQUESTS", "100")
                .containsEntry("RATE_LIMIT_WINDOW", "15m");

        // the model volume is mounted where MODEL_DIR points, which is the image's model directory
        String modelDir = env.getOrDefault("MODEL_DIR", Deploy.imageModelDir());
        assertThat(modelDir).isEqualTo(Deploy.imageModelDir());
        assertThat(volumeTargets(app)).contains(modelDir);
        // logs land in a volume when LOG_DIR is set (the logging stack reads it)
        assertThat(volumeTargets(app)).contains(env.get("LOG_DIR"));

        // Redis: the host and port the service is given are the Redis service's
        JsonNode redis = c.path("services").path(env.get("REDIS_HOST"));
        assertThat(redis.path("image").asText()).startsWith("redis:");
        assertThat(ports(redis)).anyMatch(p -> p.endsWith(":" + env.get("REDIS_PORT")));

        // PostgreSQL with pgvector: DATABASE_URL names the service, its port and database; same user
        String url = env.get("DATABASE_URL");
        assertThat(url).startsWith("jdbc:postgresql://");
        String hostPortDb = url.substring("jdbc:postgresql://".length());
        String host = hostPortDb.substring(0, hostPortDb.indexOf(':'));
        String dbPort = hostPortDb.substring(hostPortDb.indexOf(':') + 1, hostPortDb.indexOf('/'));
        String db = hostPortDb.substring(hostPortDb.indexOf('/') + 1);
        JsonNode postgres = c.path("services").path(host);
        assertThat(postgres.path("image").asText()).startsWith("pgvector/pgvector:pg");
        Map<String, String> pgEnv = environment(postgres);
        assertThat(pgEnv).containsEntry("POSTGRES_DB", db).containsEntry("POSTGRES_USER", env.get("DATABASE_USER"));
        assertThat(pgEnv.get("POSTGRES_PASSWORD")).isEqualTo(env.get("DATABASE_PASSWORD"));
        assertThat(ports(postgres)).anyMatch(p -> p.endsWith(":" + dbPort));

        Set<String> deps = new TreeSet<>();
        app.path("depends_on").forEach(d -> deps.add(d.asText()));
        assertThat(deps).containsExactlyInAnyOrder(env.get("REDIS_HOST"), host);
    }

    @Test
    void monitoringStackScrapesTheServiceWithTheShippedConfiguration() throws IOException {
        JsonNode c = compose("docker-compose.monitoring.yml");
        JsonNode prometheus = c.path("services").path("prometheus");
        assertThat(prometheus.path("image").asText()).startsWith("prom/prometheus");
        assertThat(volumeTargets(prometheus)).contains("/etc/prometheus/prometheus.yml", "/etc/prometheus/alerts.yml");

        // the shipped scrape target is the service name and port of docker-compose.yml
        JsonNode scrape = Deploy.yaml("deploy/prometheus/prometheus.yml").path("scrape_configs").get(0);
        assertThat(scrape.path("job_name").asText()).isEqualTo("query-type-predictor");
        String target = scrape.path("static_configs").get(0).path("targets").get(0).asText();
        JsonNode services = compose("docker-compose.yml").path("services");
        assertThat(services.has(target.split(":")[0])).isTrue();
        assertThat(target.split(":")[1]).isEqualTo(Integer.toString(Deploy.appPort()));

        JsonNode grafana = c.path("services").path("grafana");
        assertThat(grafana.path("image").asText()).startsWith("grafana/grafana");
        assertThat(volumeTargets(grafana)).contains("/etc/grafana/provisioning", "/var/lib/grafana/dashboards");
        // the dashboards folder Grafana loads is the one the provisioning file points at
        JsonNode provider = Deploy.yaml("deploy/grafana/provisioning/dashboards/dashboards.yml").path("providers").get(0);
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        // the provisioned datasource URL is the Prometheus service of this stack
        JsonNode ds = Deploy.yaml("deploy/grafana/provisioning/datasources/prometheus.yml").path("datasources").get(0);
        assertThat(ds.path("url").asText()).isEqualTo("http://prometheus:" + ports(prometheus).get(0).split(":")[1]);
    }

    @Test
    void loggingStackReadsTheServiceLogVolume() throws IOException {
        JsonNode c = compose("docker-compose.logging.yml");
        assertThat(c.path("services").path("elasticsearch").path("image").asText()).contains("elasticsearch");
        assertThat(c.path("services").path("kibana").path("image").asText()).contains("kibana");
        JsonNode logstash = c.path("services").path("logstash");
        assertThat(logstash.path("image").asText()).contains("logstash");

        // Logstash mounts the service's log volume where the pipeline looks for combined.log and error.log
        JsonNode app = compose("docker-compose.yml").path("services").path("query-type-predictor");
        String logDir = environment(app).get("LOG_DIR");
        String appLogVolume = volumeSource(app, logDir);
        String logstashTarget = volumeTarget(logstash, appLogVolume);
        String pipeline = Deploy.read("deploy/logging/logstash.conf");
        assertThat(pipeline).contains(logstashTarget + "/combined.log").contains(logstashTarget + "/error.log");
        assertThat(volumeTargets(logstash)).contains("/usr/share/logstash/pipeline/logstash.conf");
        // and the pipeline sends to this stack's Elasticsearch
        assertThat(pipeline).contains("http://elasticsearch:9200");
        assertThat(ports(c.path("services").path("elasticsearch"))).contains("9200:9200");
    }

    private static List<String> volumeTargets(JsonNode service) {
        List<String> t = new ArrayList<>();
        service.path("volumes").forEach(v -> t.add(v.asText().split(":")[1]));
        return t;
    }

    private static String volumeSource(JsonNode service, String target) {
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts[1].equals(target)) {
                return parts[0];
            }
        }
        throw new AssertionError("no volume mounted at " + target);
    }

    private static String volumeTarget(JsonNode service, String source) {
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts[0].equals(source)) {
                return parts[1];
            }
        }
        throw new AssertionError("volume " + source + " not mounted");
    }

}
