package io.qtp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.JarProcess;

/**
 * Every clause of the API-key rules against the packaged jar: 401 envelope without a valid key, 403 for a user key
 * on admin routes, health and docs open, metrics behind METRICS_API_KEY when it is set, a warning when no keys are
 * configured, and no key ever in the logs (console and LOG_DIR files).
 */
class ApiKeysIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String USER_KEY = "user-key-7f3a9c";
    private static final String ADMIN_KEY = "admin-key-b81e42";
    private static final String METRICS_KEY = "metrics-key-5d0c11";
    private static final String BODY = "{\"query\": \"api key test\"}";

    private static HttpResponse<String> send(JarProcess app, String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(10));
        b = method.equals("POST") ? b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)) : b.GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertEnvelope(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("code").asInt()).isEqualTo(status);
        assertThat(error.get("message").asText()).isNotBlank();
    }

    @Test
    void withKeysEveryRuleHoldsAndNoKeyIsLogged() throws Exception {
        Path logDir = Files.createTempDirectory("qtp-keys-logs");
        try (JarProcess app = JarProcess.start(Map.of("API_KEYS", USER_KEY, "ADMIN_API_KEYS", ADMIN_KEY,
                "METRICS_API_KEY", METRICS_KEY, "LOG_DIR", logDir.toString(), "APP_ENV", "production"))) {
            app.awaitReady(Duration.ofSeconds(90));
            assertEnvelope(send(app, "POST", "/api/predict-query-type"), 401, "AuthenticationError");
            assertEnvelope(send(app, "POST", "/api/predict-query-type", "X-API-Key", "wrong-" + USER_KEY), 401, "AuthenticationError");
            assertThat(send(app, "POST", "/api/predict-query-type", "X-API-Key", USER_KEY).statusCode()).isEqualTo(200);
            // Without a key the caller learns nothing about the routes: 401 before routing, method or media type.
            assertEnvelope(send(app, "POST", "/api/no-such-route"), 401, "AuthenticationError");
            assertEnvelope(send(app, "GET", "/api/predict-query-type"), 401, "AuthenticationError");
            assertEnvelope(send(app, "POST", "/api/predict-query-type", "Content-Type", "text/plain"), 401, "AuthenticationError");
            assertEnvelope(send(app, "POST", "/api/no-such-route", "X-API-Key", USER_KEY), 404, "NotFoundError");
            assertEnvelope(send(app, "GET", "/api/predict-query-type", "X-API-Key", USER_KEY), 405, "MethodNotAllowedError");
            assertThat(send(app, "POST", "/api/predict-query-type", "X-API-Key", ADMIN_KEY).statusCode()).isEqualTo(200);
            assertEnvelope(send(app, "GET", "/api/admin/model", "X-API-Key", USER_KEY), 403, "ForbiddenError");
            assertEnvelope(send(app, "GET", "/api/admin/model"), 401, "AuthenticationError");
            assertThat(send(app, "GET", "/api/admin/model", "X-API-Key", ADMIN_KEY).statusCode()).isEqualTo(200);

            for (String open : new String[] {"/health", "/health/live", "/health/ready", "/health/details", "/api-docs.json"}) {
                assertThat(send(app, "GET", open).statusCode()).as(open).isEqualTo(200);
            }
            assertEnvelope(send(app, "GET", "/metrics"), 401, "AuthenticationError");
            assertEnvelope(send(app, "GET", "/metrics", "X-API-Key", USER_KEY), 401, "AuthenticationError");
            assertThat(send(app, "GET", "/metrics", "X-API-Key", METRICS_KEY).statusCode()).isEqualTo(200);
            assertThat(send(app, "GET", "/metrics", "Authorization", "Bearer " + METRICS_KEY).body())
                    .contains("http_request_duration_ms");

            Thread.sleep(1000); // the access log line is written after the answer
            String logs = app.output() + Files.readString(logDir.resolve("combined.log"));
            assertThat(logs).contains("Rejected").contains("invalid API key");
            for (String key : new String[] {USER_KEY, ADMIN_KEY, METRICS_KEY}) {
                assertThat(logs).as("logs must not contain a key").doesNotContain(key);
            }
        }
    }

    @Test
    void withoutKeysTheServiceIsOpenAndWarns() throws Exception {
        try (JarProcess app = JarProcess.start(Map.of())) {
            app.awaitReady(Duration.ofSeconds(90));
            assertThat(send(app, "POST", "/api/predict-query-type").statusCode()).isEqualTo(200);
            assertThat(send(app, "GET", "/metrics").statusCode()).isEqualTo(200);
            assertEnvelope(send(app, "GET", "/api/admin/model"), 403, "ForbiddenError");
            assertThat(app.stdout()).containsPattern("WARN .*API_KEYS is not set: the API is open to every caller");
        }
    }

}
