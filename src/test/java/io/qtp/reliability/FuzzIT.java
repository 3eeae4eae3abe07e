package io.qtp.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.JarProcess;
import io.qtp.support.RawHttp;

/**
 * At least 10,000 seeded malformed requests ({@link MalformedRequests}) against the packaged jar over raw sockets:
 * no 5xx, no hang (each exchange bounded at 10 s), every non-2xx answer the error envelope, and the service still
 * healthy afterwards. Seed: {@code -Dfuzz.seed=N} (default fixed); count: {@code -Dfuzz.count=N}.
 */
class FuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MS = 10_000;

    @Test
    void malformedRequestsNeverCause5xxHangsOrBareErrors() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20261125L);
        int count = Integer.getInteger("fuzz.count", 10_000);
        try (JarProcess app = JarProcess.start(Map.of("API_KEYS", "fuzz-key", "ADMIN_API_KEYS", "fuzz-admin"))) {
            app.awaitReady(Duration.ofSeconds(90));
            MalformedRequests gen = new MalformedRequests(seed);
            List<MalformedRequests.Case> cases = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                cases.add(gen.next(i));
            }
            // Half of the requests carry the API key, so that the body rules are reached, not only the 401.
            Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
            Map<String, AtomicLong> byCategory = new ConcurrentHashMap<>();
            List<String> violations = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = offset; i < cases.size(); i += 4) {
                        MalformedRequests.Case c = cases.get(i);
                        byte[] raw = i % 2 == 0 ? withKey(c.raw()) : c.raw();
                        String outcome = check(app.port(), raw, c.category() + " #" + i, violations);
                        byStatus.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                        byCategory.computeIfAbsent(c.category(), k -> new AtomicLong()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;

            // Still healthy and still predicting.
            assertThat(app.get("/health").statusCode()).isEqualTo(200);
            assertThat(app.postJson("/api/predict-query-type", "{\"query\": \"after the fuzz\"}", "X-API-Key", "fuzz-key")
                    .statusCode()).isEqualTo(200);

            StringBuilder report = new StringBuilder();
            report.append("Fuzz suite: ").append(count).append(" malformed requests, seed ").append(seed)
                    .append(String.format(", %.1f s%n", seconds));
            report.append("  outcomes: ").append(new TreeMap<>(sorted(byStatus))).append('\n');
            report.append("  categories: ").append(new TreeMap<>(sorted(byCategory))).append('\n');
            report.append("  violations (5xx, hang, non-envelope error): ").append(violations.size()).append('\n');
            violations.stream().limit(20).forEach(v -> report.append("    ").append(v).append('\n'));
            System.out.println(report);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fuzz-report.txt"), report);
            assertThat(violations).isEmpty();
            assertThat(count).isGreaterThanOrEqualTo(10_000);
        }
    }

    private static Map<String, Long> sorted(Map<String, AtomicLong> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Adds the API key header after the request line. */
    private static byte[] withKey(byte[] raw) {
        int eol = 0;
        while (eol < raw.length - 1 && !(raw[eol] == '\r' && raw[eol + 1] == '\n')) {
            eol++;
        }
        byte[] header = "\r\nX-API-Key: fuzz-key".getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[raw.length + header.length];
        System.arraycopy(raw, 0, out, 0, eol);
        System.arraycopy(header, 0, out, eol, header.length);
        System.arraycopy(raw, eol, out, eol + header.length, raw.length - eol);
        return out;
    }

    /** One exchange; returns the outcome label and records any violation. */
    static String check(int port, byte[] raw, String label, List<String> violations) {
        boolean head = raw.length > 4 && raw[0] == 'H' && raw[1] == 'E' && raw[2] == 'A' && raw[3] == 'D';
        try {
            RawHttp.Response r = RawHttp.exchange(port, raw, TIMEOUT_MS);
            int status = r.status();
            if (status >= 500) {
                violations.add(label + ": " + status + " " + r.text());
            } else if (status == 400 && label.startsWith("framing") && r.body().length == 0
                    && "close".equalsIgnoreCase(r.header("connection"))) {
                // Not HTTP the server can parse (bad Content-Length, control characters in headers): Vert.x's HTTP
                // codec answers a bare 400 and closes before any application handler sees the request.
                return "400 (HTTP codec)";
            } else if (status >= 400 && !head) {
                String problem = envelopeProblem(r, status);
                if (problem != null) {
                    violations.add(label + ": " + status + " not an envelope (" + problem + "): "
                            + r.text().substring(0, Math.min(200, r.text().length())));
                }
            } else if (!r.complete() && !head) {
                violations.add(label + ": incomplete " + status + " answer");
            }
            return Integer.toString(status);
        } catch (java.net.SocketTimeoutException e) {
            violations.add(label + ": hang (" + e.getMessage() + ")");
            return "timeout";
        } catch (RawHttp.NoResponse e) {
            // The connection was closed without an answer: acceptable only for broken framing, which HTTP cannot answer.
            if (!label.startsWith("framing")) {
                violations.add(label + ": closed without an answer");
            }
            return "closed";
        } catch (IOException e) {
            violations.add(label + ": " + e);
            return "io-error";
        }
    }

    private static String envelopeProblem(RawHttp.Response r, int status) {
        String type = r.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return "content-type " + type;
        }
        try {
            JsonNode error = JSON.readTree(r.body()).get("error");
            if (error == null || !error.path("message").isTextual() || error.path("message").asText().isBlank()) {
                return "no error.message";
            }
            if (!error.path("type").isTextual() || !error.path("type").asText().endsWith("Error")) {
                return "no error.type";
            }
            if (error.path("code").asInt() != status) {
                return "error.code " + error.path("code");
            }
            String text = r.text();
            if (text.contains("\tat ") || text.contains(".java:")) {
                return "stack trace";
            }
            return null;
        } catch (IOException e) {
            return "not JSON";
        }
    }
}
