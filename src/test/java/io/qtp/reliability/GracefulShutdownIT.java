package io.qtp.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.qtp.support.JarProcess;
import io.qtp.support.RawHttp;

/**
 * SIGTERM to the packaged jar under load from several client threads: readiness turns false at once, every
 * request the server accepted is answered completely (200, or 503 once it stops taking new work), connections
 * refused after the listener closed are counted apart, and the process exits within
 * SHUTDOWN_DELAY + SHUTDOWN_TIMEOUT (+ slack).
 */
class GracefulShutdownIT {

    private static final int THREADS = 8;
    private static final Duration DELAY = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void sigtermDrainsInFlightRequestsAndExitsInTime() throws Exception {
        Path logDir = Files.createTempDirectory("qtp-shutdown-logs");
        try (JarProcess app = JarProcess.start(Map.of("SHUTDOWN_DELAY", DELAY.toSeconds() + "s", "SHUTDOWN_TIMEOUT", "10s",
                "LOG_DIR", logDir.toString()))) {
            app.awaitReady(Duration.ofSeconds(90));
            int port = app.port();
            byte[] single = RawHttp.postJson("/api/predict-query-type", "{\"query\": \"graceful shutdown under load\"}");
            StringBuilder batch = new StringBuilder("{\"queries\": [");
            for (int i = 0; i < 100; i++) {
                batch.append(i == 0 ? "" : ",").append("\"batch query number ").append(i).append(" about shutdown\"");
            }
            byte[] batchRequest = RawHttp.postJson("/api/predict-query-type/batch", batch.append("]}").toString());

            Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
            Map<String, String> outcomeById = new ConcurrentHashMap<>();
            // when each exchange ended, in ms after SIGTERM (negative: before it)
            Map<String, Long> endedMsById = new ConcurrentHashMap<>();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong okAfterSignal = new AtomicLong();
            Map<String, Long> firstAfterSignal = new ConcurrentHashMap<>();
            Map<String, Long> lastAfterSignal = new ConcurrentHashMap<>();
            AtomicLong signalAt = new AtomicLong(Long.MAX_VALUE);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                byte[] request = t % 2 == 0 ? single : batchRequest;
                clients.add(pool.submit(() -> {
                    while (!stop.get()) {
                        long started = System.nanoTime();
                        String outcome;
                        String id = java.util.UUID.randomUUID().toString();
                        try {
                            RawHttp.Response r = RawHttp.exchange(port, withRequestId(request, id), 15_000);
                            if (r.status() == 200 && r.complete()) {
                                outcome = "answered 200";
                                if (started > signalAt.get()) {
                                    okAfterSignal.incrementAndGet();
                                }
                            } else if (r.status() == 503 && r.complete()) {
                                outcome = "refused 503 while draining";
                            } else {
                                outcome = "FAILED: status " + r.status() + (r.complete() ? "" : " incomplete body");
                                failures.add(outcome + " " + r.text());
                            }
                        } catch (ConnectException e) {
                            outcome = "connection refused (listener closed: not accepted)";
                            if (!isAlive(app)) {
                                stop.set(true);
                            }
                        } catch (RawHttp.NoResponse e) {
                            // Closed by the server before it read the request (a connection still in the accept
                            // queue when the listener closed): no bytes came back, nothing was processed.
                            outcome = e.bytes == 0 ? "closed unread (not accepted)" : "FAILED: partial answer";
                            if (e.bytes > 0) {
                                failures.add(e.getMessage());
                            }
                        } catch (IOException e) {
                            outcome = "FAILED: " + e.getClass().getSimpleName();
                            failures.add(e.toString());
                        }
                        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                        outcomeById.put(id, outcome);
                        if (signalAt.get() != Long.MAX_VALUE) {
                            endedMsById.put(id, (System.nanoTime() - signalAt.get()) / 1_000_000);
                        }
                        if (started > signalAt.get()) {
                            long ms = (started - signalAt.get()) / 1_000_000;
                            firstAfterSignal.merge(outcome, ms, Math::min);
                            lastAfterSignal.merge(outcome, ms, Math::max);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(2000);
            long before = outcomes.getOrDefault("answered 200", new AtomicLong()).get();
            assertThat(before).as("load is running").isGreaterThan(20);

            long t0 = System.nanoTime();
            signalAt.set(t0);
            app.process().destroy(); // SIGTERM
            // Readiness turns false at once, while requests are still served during the delay.
            int readyStatus = awaitReadyStatus(port, 503, DELAY.minusMillis(500)); // well before the delay ends
            long readyFalseMs = (System.nanoTime() - t0) / 1_000_000;
            boolean exited = app.process().waitFor(DELAY.plus(TIMEOUT).plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            long exitMs = (System.nanoTime() - t0) / 1_000_000;
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            for (Future<?> f : clients) {
                f.get();
            }

            StringBuilder report = new StringBuilder("Graceful shutdown under load (" + THREADS + " client threads, SHUTDOWN_DELAY=" + DELAY.toSeconds() + "s, SHUTDOWN_TIMEOUT=10s)\n");
            outcomes.forEach((k, v) -> report.append("  ").append(k).append(": ").append(v.get())
                    .append(firstAfterSignal.containsKey(k) ? " (sent " + firstAfterSignal.get(k) + "-" + lastAfterSignal.get(k)
                            + " ms after SIGTERM)" : "").append('\n'));
            report.append("  requests started after SIGTERM and answered 200: ").append(okAfterSignal.get()).append('\n');
            report.append("  /health/ready 503 after SIGTERM: ").append(readyFalseMs).append(" ms\n");
            report.append("  process exited after SIGTERM: ").append(exitMs).append(" ms (exit code ")
                    .append(exited ? app.process().exitValue() : -1).append(")\n");
            System.out.println(report);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "graceful-shutdown.txt"), report);

            // Cross-check with the server's own access log, request by request (each carried its own X-Request-Id):
            // every prediction it completed was received whole by its client, except that one completed in the very
            // instant the connections close may have its connection end before the bytes reach the client (a TCP
            // race at close, seen 0-3 times per run on a loaded 2-core host); the client then saw the connection
            // closed without a byte, never a partial or wrong answer. Such cases are counted, bounded and timed.
            Map<String, Long> served = new java.util.TreeMap<>();
            long lostAtClose = 0;
            List<Long> lostEndedMs = new ArrayList<>();
            List<String> mismatches = new ArrayList<>();
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            java.util.Set<String> served200 = new java.util.HashSet<>();
            for (String line : Files.readAllLines(logDir.resolve("combined.log"))) {
                var mdc = json.readTree(line).path("mdc");
                if (mdc.path("url").asText().startsWith("/api/")) {
                    String status = mdc.path("statusCode").asText();
                    served.merge(status, 1L, Long::sum);
                    String id = mdc.path("requestId").asText();
                    String client = outcomeById.get(id);
                    if (status.equals("200")) {
                        served200.add(id);
                        if ("closed unread (not accepted)".equals(client)) {
                            lostAtClose++;
                            lostEndedMs.add(endedMsById.getOrDefault(id, -1L));
                        } else if (!"answered 200".equals(client)) {
                            mismatches.add(id + ": server 200, client " + client);
                        }
                    } else if (status.equals("503") && !"refused 503 while draining".equals(client)) {
                        mismatches.add(id + ": server 503, client " + client);
                    }
                }
            }
            outcomeById.forEach((id, outcome) -> {
                if (outcome.equals("answered 200") && !served200.contains(id)) {
                    mismatches.add(id + ": client 200 not in the server's log");
                }
            });
            System.out.println("  server access log, predictions by status: " + served + "; completed but lost at close: "
                    + lostAtClose + " (their connections ended " + lostEndedMs + " ms after SIGTERM)");
            assertThat(mismatches).as("client outcomes against the server's access log").isEmpty();
            assertThat(served.keySet()).isSubsetOf("200", "503");
            // Lost only in the closing instant: after the delay (the listener and the connections close no sooner),
            // and at most one per client thread (each has one exchange in flight). An answer lost while draining, or
            // a systematic loss, fails here.
            assertThat(lostAtClose).as("answers lost with their connection at close").isLessThanOrEqualTo(THREADS);
            assertThat(lostEndedMs).as("answers lost before the connections close (ms after SIGTERM)")
                    .allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(DELAY.toMillis()));

            assertThat(readyStatus).as("/health/ready during the shutdown delay").isEqualTo(503);
            assertThat(exited).as("exited within the bound\n" + app.output()).isTrue();
            // 143 = 128 + SIGTERM: the JVM's exit status after a signal-initiated shutdown that completed normally.
            assertThat(app.process().exitValue()).isIn(0, 143);
            assertThat(failures).as("requests accepted but not answered").isEmpty();
            assertThat(okAfterSignal.get()).as("requests sent during the delay are still served").isPositive();
            assertThat(exitMs).isLessThan(DELAY.plus(TIMEOUT).plusSeconds(5).toMillis());
        }
    }

    /** The request with an {@code X-Request-Id} header after its request line, so both sides can be matched. */
    static byte[] withRequestId(byte[] raw, String id) {
        int eol = 0;
        while (!(raw[eol] == '\r' && raw[eol + 1] == '\n')) {
            eol++;
        }
        byte[] header = ("X-Request-Id: " + id + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = new byte[raw.length + header.length];
        System.arraycopy(raw, 0, out, 0, eol + 2);
        System.arraycopy(header, 0, out, eol + 2, header.length);
        System.arraycopy(raw, eol + 2, out, eol + 2 + header.length, raw.length - eol - 2);
        return out;
    }

    private static boolean isAlive(JarProcess app) {
        return app.process().isAlive();
    }

    private static int awaitReadyStatus(int port, int wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = RawHttp.exchange(port, RawHttp.request("GET", "/health/ready", null, null), 1000).status();
                if (last == wanted) {
                    return last;
                }
            } catch (IOException e) {
                last = -1;
            }
            Thread.sleep(20);
        }
        return last;
    }
}
