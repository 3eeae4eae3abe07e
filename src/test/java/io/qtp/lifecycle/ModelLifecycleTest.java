package io.qtp.lifecycle;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.ModelFiles;
import io.qtp.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The model lifecycle against a real model directory: seeding, verification, hot reload (admin call and file
 * change), blue/green traffic and canary users, promote and roll-back, and a reload under concurrent load.
 */
@QuarkusTest
@TestProfile(ModelDirProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelLifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = ModelDirProfile.DIR;
    private static final String ADMIN = "/api/admin/model";

    private static String bundledVersion() throws Exception {
        return ModelFiles.bundledMetadata().get("version").asText();
    }

    private static Response predict(String query, String userId) {
        String body = userId == null ? "{\"query\": \"" + query + "\"}"
                : "{\"query\": \"" + query + "\", \"userId\": \"" + userId + "\"}";
        return given().contentType(ContentType.JSON).header("X-API-Key", ModelDirProfile.USER_KEY).body(body)
                .post("/api/predict-query-type");
    }

    private static Response admin(String method, String path, String json) {
        var req = given().header("X-API-Key", ModelDirProfile.ADMIN_KEY);
        if (json != null) {
            req = req.contentType(ContentType.JSON).body(json);
        }
        return req.request(method, ADMIN + path);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String servingVersion() {
        return predict("PostgreSQL ベクトル検索 インデックス", null).jsonPath().getString("modelVersion");
    }

    @Test
    @Order(1)
    void seedsAnEmptyModelDirectoryWithTheBundledModelAndRecordsIt() throws Exception {
        await(() -> given().get("/health/ready").statusCode() == 200, "readiness");
        assertThat(DIR.resolve("current/metadata.json")).exists();
        Response r = predict("PostgreSQL ベクトル検索 インデックス", null);
        assertThat(r.jsonPath().getString("modelVersion")).isEqualTo(bundledVersion());
        assertThat(r.jsonPath().getBoolean("fallback")).isFalse();
        JsonNode history = JSON.readTree(DIR.resolve("deployment-history.json").toFile());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("version").asText()).isEqualTo(bundledVersion());
        assertThat(history.get(0).get("environment").asText()).isEqualTo("development");
        assertThat(history.get(0).hasNonNull("deployedAt")).isTrue();
        assertThat(history.get(0).get("path").asText()).endsWith("current");
    }

    @Test
    @Order(2)
    void adminRoutesNeedAnAdminKey() {
        assertError(given().get(ADMIN), 401, "AuthenticationError");
        assertError(given().header("X-API-Key", "wrong").get(ADMIN), 401, "AuthenticationError");
        assertError(given().header("X-API-Key", ModelDirProfile.USER_KEY).get(ADMIN), 403, "ForbiddenError");
        assertThat(given().header("X-API-Key", "second-admin-key").get(ADMIN).statusCode()).isEqualTo(200);
        Response status = admin("GET", "", null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.jsonPath().getBoolean("loaded")).isTrue();
        assertThat(status.jsonPath().getString("current.modelSha256")).matches("[0-9a-f]{64}");
        // the licences of the data the serving model was trained on, and its calibration
        Map<String, Object> licences = status.jsonPath().getMap("current.trainingLicenses");
        assertThat(licences).containsKeys("CC0-1.0", "CC-BY-SA-4.0").doesNotContainKey("CC-BY-NC-2.0");
        assertThat(status.jsonPath().getString("current.calibration.method")).isIn("temperature", "vector", "none");
        assertThat(status.jsonPath().getString("current.calibration.fittedOn")).contains("dev");
    }

    @Test
    @Order(3)
    void predictionRoutesNeedAnApiKeyWhenKeysAreConfigured() {
        assertError(given().contentType(ContentType.JSON).body("{\"query\": \"redis\"}").post("/api/predict-query-type"),
                401, "AuthenticationError");
        assertThat(given().get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void aTamperedModelIsRejectedAndTheOldOneKeepsServing() throws Exception {
        String before = servingVersion();
        ModelFiles.writeTamperedCopy(DIR.resolve("current"), "9.9.9-tampered");
        Response r = admin("POST", "/reload", null);
        assertError(r, 409, "ConflictError");
        assertThat(r.jsonPath().getString("error.message")).containsIgnoringCase("sha");
        assertThat(servingVersion()).isEqualTo(before);
        assertThat(admin("GET", "", null).jsonPath().getBoolean("lastLoad.ok")).isFalse();

        ModelFiles.writeBundledCopy(DIR.resolve("current"), "1.0.1-fixed");
        assertThat(admin("POST", "/reload", null).statusCode()).isEqualTo(200);
        assertThat(servingVersion()).isEqualTo("1.0.1-fixed");
    }

    @Test
    @Order(5)
    void aChangedModelDirectoryIsReloadedWithoutAnAdminCall() throws Exception {
        ModelFiles.writeBundledCopy(DIR.resolve("current"), "1.0.2-watched");
        await(() -> "1.0.2-watched".equals(servingVersion()), "the watcher to load 1.0.2-watched");
        JsonNode history = JSON.readTree(DIR.resolve("deployment-history.json").toFile());
        assertThat(history.get(history.size() - 1).get("version").asText()).isEqualTo("1.0.2-watched");
    }

    @Test
    @Order(6)
    void greenServesCanaryUsersAndItsShareAndMetricsCarryTheVersion() throws Exception {
        ModelFiles.writeBundledCopy(DIR.resolve("green"), "2.0.0-green");
        assertThat(admin("POST", "/reload", null).statusCode()).isEqualTo(200);
        // Loaded but without traffic: nobody gets green.
        assertThat(predict("redis cluster", "canary-1").jsonPath().getString("modelVersion")).isEqualTo("1.0.2-watched");

        Response t = admin("PUT", "/traffic", "{\"greenPercent\": 0, \"canaryUserIds\": [\"canary-1\"]}");
        assertThat(t.statusCode()).isEqualTo(200);
        assertThat(t.jsonPath().getString("green.version")).isEqualTo("2.0.0-green");
        assertThat(predict("redis cluster", "canary-1").jsonPath().getString("modelVersion")).isEqualTo("2.0.0-green");
        assertThat(predict("redis cluster", "someone-else").jsonPath().getString("modelVersion"))
                .isEqualTo("1.0.2-watched");

        assertThat(admin("PUT", "/traffic", "{\"greenPercent\": 50}").statusCode()).isEqualTo(200);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        int green = 0;
        for (int i = 0; i < 200; i++) {
            String v = predict("vector search index", null).jsonPath().getString("modelVersion");
            seen.add(v);
            if (v.equals("2.0.0-green")) {
                green++;
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("2.0.0-green", "1.0.2-watched");
        // Binomial(200, 0.5): sd = 7.1; 5 sd = 35.
        assertThat(green).isBetween(100 - 35, 100 + 35);

        PrometheusText m = new PrometheusText(given().get("/metrics").asString());
        assertThat(m.sum("query_type_predictions_total", Map.of("model_version", "2.0.0-green"))).isPositive();
        assertThat(m.sum("query_type_predictions_total", Map.of("model_version", "1.0.2-watched"))).isPositive();

        assertError(admin("PUT", "/traffic", "{\"greenPercent\": 101}"), 400, "ValidationError");
        assertError(admin("PUT", "/traffic", "{\"greenPercent\": 10, \"canaryUserIds\": [null]}"), 400,
                "ValidationError");
        assertError(admin("PUT", "/traffic", "{\"greenPercent\": 10, \"canaryUserIds\": [\"  \"]}"), 400,
                "ValidationError");
        assertError(admin("PUT", "/traffic", "{\"greenPercent\": 10, \"canaryUserIds\": [\"a\\u0001\"]}"), 400,
                "ValidationError");
        assertError(admin("PUT", "/traffic", "{\"greenPercent\": 10, \"canaryUserIds\": \"alice\"}"), 400,
                "ValidationError");
        assertError(admin("PUT", "/traffic", "{\"greenPercent\": \"10\"}"), 400, "ValidationError");
    }

    @Test
    @Order(7)
    void promoteAndRollBack() throws Exception {
        Response p = admin("POST", "/promote", null);
        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(p.jsonPath().getString("current.version")).isEqualTo("2.0.0-green");
        assertThat(p.jsonPath().getString("green")).isNull();
        assertThat(servingVersion()).isEqualTo("2.0.0-green");
        assertThat(DIR.resolve("previous/metadata.json")).exists();
        assertThat(DIR.resolve("green")).doesNotExist();
        assertError(admin("POST", "/promote", null), 409, "ConflictError");

        Response r = admin("POST", "/rollback", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(servingVersion()).isEqualTo("1.0.2-watched");

        JsonNode history = JSON.readTree(DIR.resolve("deployment-history.json").toFile());
        List<String> events = new java.util.ArrayList<>();
        history.forEach(e -> events.add(e.get("event").asText() + " " + e.get("version").asText()));
        assertThat(events).endsWith("promote 2.0.0-green", "rollback 1.0.2-watched");
        assertError(admin("POST", "/rollback", null), 409, "ConflictError");
    }

    @Test
    @Order(8)
    void reloadsUnderConcurrentLoadWithoutAFailedRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                while (running.get()) {
                    try {
                        Response r = predict("How do I reset my password", null);
                        if (r.statusCode() == 200 && !r.jsonPath().getBoolean("fallback")) {
                            ok.incrementAndGet();
                            versions.add(r.jsonPath().getString("modelVersion"));
                        } else {
                            failures.add(r.statusCode() + " " + r.asString());
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            });
        }
        for (int i = 0; i < 6; i++) {
            ModelFiles.writeBundledCopy(DIR.resolve("current"), "3.0." + i);
            assertThat(admin("POST", "/reload", null).statusCode()).isEqualTo(200);
            Thread.sleep(150);
        }
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(50);
        assertThat(versions).contains("3.0.5").hasSizeGreaterThan(2);
        assertThat(Files.list(DIR).map(p -> p.getFileName().toString()).toList()).contains("current",
                "deployment-history.json");
    }
}
