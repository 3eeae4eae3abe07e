package io.qtp.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.cache.RedisServer;
import io.qtp.store.PrivatePostgres;
import io.qtp.support.JarProcess;
import io.qtp.support.ModelFiles;

/**
 * The fault suite (docs/RELIABILITY.md, "Fault suite"): the packaged jar with its OWN redis-server and PostgreSQL (never the shared
 * ones), under concurrent prediction load, through Redis killed (kill -9) and restarted, PostgreSQL killed and
 * restarted, a corrupt model dropped into MODEL_DIR, and each dependency paused (kill -STOP) then resumed.
 * Counts failed predictions per fault (must be zero) and the time from the fault's end until /health/details is
 * "ok" again; the figures go to target/fault-report.txt and stdout.
 */
class FaultIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 6;
    private static final Duration FAULT = Duration.ofSeconds(4);
    private static final String MODEL_VERSION = "1.0.0-fault";

    /** Concurrent prediction load; counts answers and failures until stopped. */
    static final class Load implements AutoCloseable {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong wrongModel = new AtomicLong();
        final AtomicLong maxMs = new AtomicLong();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

        Load(int port) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                pool.submit(() -> {
                    long n = 0;
                    while (!stop.get()) {
                        // Mostly distinct queries (cache misses, query-log rows), some repeated (cache hits).
                        String q = n % 4 == 0 ? "repeated fault query" : "fault query " + thread + " " + n + " ベクトル検索";
                        n++;
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/api/predict-query-type")).timeout(Duration.ofSeconds(5))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"" + q + "\"}")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                                if (!r.body().contains("\"modelVersion\":\"" + MODEL_VERSION + "\"")) {
                                    wrongModel.incrementAndGet();
                                }
                            } else {
                                failed.incrementAndGet();
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                            failures.add(e.toString());
                        } catch (InterruptedException e) {
                            return;
                        }
                        maxMs.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                    }
                });
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    record Figures(String fault, long predictions, long failed, long wrongModel, long maxLatencyMs, long recoveryMs) {
    }

    @Test
    void predictionsSurviveEveryFault() throws Exception {
        int redisPort = RedisServer.port();
        if (!RedisServer.pings(redisPort)) {
            RedisServer.start();
        }
        PrivatePostgres.port();
        try {
            PrivatePostgres.start();
        } catch (IllegalStateException alreadyRunning) {
            // another test of this JVM started it
        }
        Path modelDir = Files.createTempDirectory("qtp-fault-models");
        ModelFiles.writeBundledCopy(modelDir.resolve("current"), MODEL_VERSION);
        Map<String, String> env = Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", Integer.toString(redisPort),
                "DATABASE_URL", PrivatePostgres.jdbcUrl(), "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "",
                "MODEL_DIR", modelDir.toString(), "MODEL_WATCH_INTERVAL", "1s", "APP_ENV", "production");
        List<Figures> figures = new ArrayList<>();
        try (JarProcess app = JarProcess.start(env)) {
            app.awaitReady(Duration.ofSeconds(90));
            awaitHealthOk(app, Duration.ofSeconds(60));

            figures.add(phase(app, "baseline (no fault)", () -> { }, () -> { }));
            figures.add(phase(app, "Redis killed (kill -9), then restarted", RedisServer::kill, RedisServer::start));
            figures.add(phase(app, "PostgreSQL killed (kill -9), then restarted", PrivatePostgres::kill, PrivatePostgres::start));
            figures.add(phase(app, "Redis paused (kill -STOP), then resumed", RedisServer::pause, RedisServer::resume));
            figures.add(phase(app, "PostgreSQL paused (kill -STOP), then resumed", PrivatePostgres::pause, PrivatePostgres::resume));
            figures.add(phase(app, "corrupt model dropped into MODEL_DIR/current", () -> {
                try {
                    ModelFiles.writeTamperedCopy(modelDir.resolve("current"), "2.0.0-corrupt");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, () -> { }));
            assertThat(app.stdout()).contains("Rejected the model").contains("the previous model keeps serving");
        } finally {
            ModelFiles.delete(modelDir);
        }

        StringBuilder report = new StringBuilder("Fault suite (" + THREADS + " client threads, each fault held "
                + FAULT.toSeconds() + " s under load)\n");
        report.append(String.format("  %-48s %11s %7s %10s %12s %12s%n", "fault", "predictions", "failed",
                "old model", "max latency", "recovery"));
        for (Figures f : figures) {
            report.append(String.format("  %-48s %11d %7d %10s %9d ms %9d ms%n", f.fault(), f.predictions(), f.failed(),
                    f.wrongModel() == 0 ? "kept" : f.wrongModel() + " other", f.maxLatencyMs(), f.recoveryMs()));
        }
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fault-report.txt"), report);
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.failed()).as(f.fault()).isZero();
            assertThat(f.wrongModel()).as(f.fault()).isZero();
            assertThat(f.predictions()).as(f.fault()).isPositive();
        });
    }

    /** Load for 1 s, the fault for {@link #FAULT}, the end of the fault, then load until health is ok again. */
    private static Figures phase(JarProcess app, String name, Runnable inject, Runnable restore) throws Exception {
        long recoveryMs;
        Load load = new Load(app.port());
        try {
            Thread.sleep(1000);
            inject.run();
            Thread.sleep(FAULT.toMillis());
            long t0 = System.nanoTime();
            restore.run();
            awaitHealthOk(app, Duration.ofSeconds(60));
            recoveryMs = (System.nanoTime() - t0) / 1_000_000;
            Thread.sleep(500);
        } finally {
            load.close();
        }
        if (!load.failures.isEmpty()) {
            System.out.println(name + ": first failures " + load.failures.subList(0, Math.min(5, load.failures.size())));
        }
        return new Figures(name, load.ok.get() + load.failed.get(), load.failed.get(), load.wrongModel.get(),
                load.maxMs.get(), recoveryMs);
    }

    private static void awaitHealthOk(JarProcess app, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = app.get("/health/details");
                last = r.body();
                JsonNode body = JSON.readTree(last);
                if ("ok".equals(body.path("status").asText())) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("health not ok within " + within + ": " + last);
    }

}
