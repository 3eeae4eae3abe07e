package io.qtp.prediction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.ConfigOverrides;
import io.qtp.support.Ready;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/**
 * A real backlog: one event loop is held busy for 3 s (as a burst of CPU-heavy requests would), and predictions
 * served meanwhile by the other loops answer 200, flagged degraded; once the loop is free again they are served by
 * the model again.
 */
@QuarkusTest
@TestProfile(LoopLagDegradationTest.Profile.class)
class LoopLagDegradationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static class Profile extends ConfigOverrides { public Profile() { super("qtp.degradation.max-loop-lag", "100ms"); } }

    @Inject
    Vertx vertx;

    @Inject
    Degradation degradation;

    /** One prediction on a connection of its own (a new connection goes to the next event loop). */
    private static HttpResponse<String> predictOnNewConnection(String query) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/predict-query-type"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"" + query + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** True as soon as a prediction is answered normally, within 10 s. */
    private static boolean awaitNotDegraded(String prefix) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (!JSON.readTree(predictOnNewConnection(prefix + " " + i).body()).get("degraded").asBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void aLaggingEventLoopDegradesAndRecovers() throws Exception {
        Ready.awaitModel();
        // a fresh JVM on a busy machine can itself lag for a moment (JIT, GC): start from a steady state
        assertThat(awaitNotDegraded("loop lag before")).as("predictions use the model before the loop is blocked").isTrue();

        CountDownLatch blocked = new CountDownLatch(1);
        vertx.nettyEventLoopGroup().next().execute(() -> {
            blocked.countDown();
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // busy, as a loop full of work is
            }
        });
        blocked.await();
        // its probe is overdue by more than the 100 ms limit after 150 ms, a backlog after 3 samples (100 ms apart)
        Thread.sleep(800);
        // what /health/details reports: the reason and since when
        Degradation.Status status = degradation.status();
        assertThat(status.active()).isTrue();
        assertThat(status.reasons()).extracting(Degradation.Reason::reason).contains("event-loop-lag");
        assertThat(status.since()).isBefore(java.time.Instant.now());

        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String q = "loop lag query " + i;
            answers.add(pool.submit(() -> predictOnNewConnection(q)));
        }
        int degraded = 0;
        for (Future<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (JSON.readTree(r.body()).get("degraded").asBoolean()) {
                degraded++;
                assertThat(JSON.readTree(r.body()).get("modelVersion").asText()).startsWith("rules");
            }
        }
        pool.shutdown();
        assertThat(degraded).as("answers served degraded while a loop lagged").isPositive();

        assertThat(awaitNotDegraded("loop lag after")).as("predictions use the model again once the loop keeps up").isTrue();
        assertThat(given().get("/metrics").asString()).contains("query_type_event_loop_lag_seconds");
    }
}
