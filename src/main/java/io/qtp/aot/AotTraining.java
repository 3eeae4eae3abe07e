package io.qtp.aot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.qtp.config.AppConfig;
import io.qtp.security.ApiKeyFilter;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The training run of the JVM's ahead-of-time cache (JDK 25, JEP 483/514/515: classes loaded and linked, and method
 * profiles, recorded once and reused by every later start). With {@code QTP_AOT_TRAINING=true} the service, once
 * ready, sends itself requests over HTTP for {@code QTP_AOT_TRAINING_DURATION}, the mix a production server sees
 * (unique and repeated predictions, batches, health checks, a refused body), and then exits; started with
 * {@code -XX:AOTCacheOutput=FILE}, the JVM writes the cache at that exit. {@code scripts/aot-cache.sh} and the
 * container image run it; docs/BENCHMARKS.md ("Time to full speed") has the figures.
 *
 * <p>Over HTTP rather than by calling the predictor in process: an in-process warm-up was measured to gain nothing
 * after readiness, because the cold code is the request path (Vert.x, RESTEasy Reactive, Jackson, filters), which only
 * real requests exercise. Written here because no library drives a Quarkus server's own routes as a training workload.
 */
@Singleton
public class AotTraining {

    private static final Logger LOG = Logger.getLogger(AotTraining.class);
    /** Concurrent clients: enough to keep both event loops and the worker pool busy. */
    private static final int CLIENTS = 16;
    /** Queries of every type and both languages; a counter makes each one unique, so the cache misses. */
    private static final List<String> QUERIES = List.of(
            "ノートパソコン 軽量 2024", "確定申告 医療費控除 やり方", "引っ越しの手続きは何から始めればいいですか",
            "python pandas groupby 集計", "新幹線 東京 大阪 料金", "子供が夜に咳をするのはなぜですか",
            "ERR_CONNECTION_REFUSED localhost", "有給休暇の繰り越しについて教えて", "wireless earbuds noise cancelling",
            "how do I renew my passport online", "kubectl get pods pending", "cheap flights to osaka in april",
            "why does my sourdough not rise", "best index fund for beginners", "NullPointerException spring boot startup",
            "explain the difference between a roth ira and a traditional ira");

    private final AppConfig config;
    private final int port;

    public AotTraining(AppConfig config, @ConfigProperty(name = "quarkus.http.port") int port) {
        this.config = config;
        this.port = port;
    }

    void start(@Observes StartupEvent event) {
        if (config.aotTraining().enabled()) {
            Thread.ofPlatform().name("aot-training").daemon().start(this::run);
        }
    }

    private void run() {
        Duration duration = config.aotTraining().duration();
        String key = config.security().apiKeys().flatMap(keys -> keys.stream().findFirst()).orElse(null);
        URI base = URI.create("http://127.0.0.1:" + port);
        LongAdder answers = new LongAdder();
        LongAdder failures = new LongAdder();
        AtomicLong counter = new AtomicLong();
        // the executor is closed (waiting for its clients) before the HTTP client: resources close in reverse order
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(5)).build();
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            awaitReady(http, base);
            LOG.infof("AOT training run: sending requests for %s", duration);
            long end = System.nanoTime() + duration.toNanos();
            for (int c = 0; c < CLIENTS; c++) {
                clients.execute(() -> {
                    while (System.nanoTime() < end) {
                        long n = counter.incrementAndGet();
                        try {
                            HttpResponse<Void> r = http.send(request(base, key, n), HttpResponse.BodyHandlers.discarding());
                            (r.statusCode() < 500 ? answers : failures).increment();
                        } catch (java.io.IOException e) {
                            if (failures.sum() == 0) {
                                LOG.warnf("AOT training run: request failed: %s", e.toString());
                            }
                            failures.increment();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.infof("AOT training run done: %d answers, %d failed requests; exiting", answers.sum(), failures.sum());
        Quarkus.asyncExit(failures.sum() == 0 ? 0 : 1);
    }

    /** The request number {@code n} of the mix: mostly unique single predictions. */
    static HttpRequest request(URI base, String key, long n) {
        String query = QUERIES.get((int) (n % QUERIES.size()));
        int kind = (int) (n % 20);
        String path;
        String body;
        if (kind == 0) {
            path = "/health/live";
            body = null;
        } else if (kind == 1) {
            path = "/health/ready";
            body = null;
        } else if (kind == 2) {
            path = "/api/predict-query-type/batch";
            body = "{\"queries\":[\"" + query + " " + n + "\",\"" + QUERIES.get((int) ((n + 7) % QUERIES.size()))
                    + " " + n + "\"]}";
        } else if (kind == 3) {
            path = "/api/predict-query-type";
            body = "{\"query\":\"\"}"; // refused with 400: the error path
        } else if (kind < 7) {
            path = "/api/predict-query-type";
            body = "{\"query\":\"" + query + "\"}"; // repeated: the cache's hit path
        } else {
            path = "/api/predict-query-type";
            body = "{\"query\":\"" + query + " " + n + "\"}";
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (key != null) {
            b.header(ApiKeyFilter.HEADER, key);
        }
        return body == null ? b.GET().build()
                : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void awaitReady(HttpClient http, URI base) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/health/ready")).timeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < 600; i++) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                LOG.debugf("AOT training run: not ready yet (%s)", e.getMessage());
            }
            Thread.sleep(100);
        }
        LOG.warn("AOT training run: the server did not become ready in 60 s; training anyway");
    }
}
