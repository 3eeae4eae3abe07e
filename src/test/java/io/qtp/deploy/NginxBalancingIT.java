package io.qtp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.qtp.support.JarProcess;

/**
 * Horizontal scaling behind deploy/nginx/nginx.conf, run for real with Debian's nginx on loopback (only the ports
 * and the log paths of the shipped file substituted): three instances of the packaged jar (sharing the test
 * PostgreSQL), concurrent clients posting predictions and feedback through nginx, one instance killed with SIGKILL
 * under load and restarted, then every instance restarted in turn with SIGTERM (a rolling restart). Not one client
 * request may fail, and every feedback the clients sent (without a key of their own: nginx gives each request one) is
 * stored exactly once, also those nginx sent to a second instance. The requests served per instance are read from
 * nginx's access log ($upstream_addr) and printed.
 */
class NginxBalancingIT {

    private static final int INSTANCES = 3;
    private static final int CLIENTS = 4;
    private static final int FEEDBACK_CLIENTS = 2;
    static final String DB_URL = System.getenv().getOrDefault("QTP_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/qtp_test");
    private static final Pattern UPSTREAM = Pattern.compile("upstream=(\\S+(?:, \\S+)*) upstream_status=");

    @Test
    void noClientRequestFailsWhileInstancesAreKilledAndRestarted() throws Exception {
        Path dir = Files.createTempDirectory("qtp-nginx");
        List<Integer> ports = new ArrayList<>();
        JarProcess[] apps = new JarProcess[INSTANCES];
        Process nginx = null;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + FEEDBACK_CLIENTS);
        String marker = "nginx feedback " + java.util.UUID.randomUUID().toString().substring(0, 8);
        ConcurrentLinkedQueue<String> stored = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            for (int i = 0; i < INSTANCES; i++) {
                ports.add(JarProcess.freePort());
                apps[i] = JarProcess.start(ports.get(i), env(dir, i));
            }
            for (JarProcess app : apps) {
                app.awaitReady(Duration.ofSeconds(120));
            }

            int nginxPort = JarProcess.freePort();
            Path accessLog = dir.resolve("access.log");
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, substitute(Deploy.read("deploy/nginx/nginx.conf"), ports, nginxPort, accessLog));
            List<String> cmd = List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c", conf.toString(),
                    "-e", dir.resolve("error.log").toString(), "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";");
            Command test = Command.run(Duration.ofSeconds(30), concat(cmd, "-t"));
            assertThat(test.exitCode()).as(test.output()).isZero();
            nginx = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
            URI predict = URI.create("http://127.0.0.1:" + nginxPort + "/api/predict-query-type");
            awaitOk(predict);
            assertClientAddressForwarded(predict, dir);

            // concurrent clients, each sending predictions one after another, until told to stop
            AtomicLong ok = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                futures.add(clients.submit(() -> {
                    int n = 0;
                    while (running.get() && n < 100_000) {
                        String body = "{\"query\": \"redis cluster failover " + client + "-" + n++ + "\"}";
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(predict)
                                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().contains("\"predictedType\"")) {
                                ok.incrementAndGet();
                            } else {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            URI feedback = URI.create("http://127.0.0.1:" + nginxPort + "/api/feedback");
            for (int c = 0; c < FEEDBACK_CLIENTS; c++) {
                int client = c;
                futures.add(clients.submit(() -> {
                    int n = 0;
                    while (running.get() && n < 100_000) {
                        String query = marker + " " + client + "-" + n++;
                        String body = "{\"query\": \"" + query + "\", \"predictedType\": \"keyword\", \"correctType\": \"semantic\"}";
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(feedback)
                                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202) {
                                stored.add(query);
                            } else {
                                failures.add("feedback " + r.statusCode() + " " + r.body());
                            }
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            failures.add("feedback " + e);
                        }
                    }
                }));
            }

            Thread.sleep(3000);
            // 1. an instance dies abruptly under load, and is brought back
            apps[0].process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(3000);
            apps[0] = JarProcess.start(ports.get(0), env(dir, 0)).awaitReady(Duration.ofSeconds(120));
            Thread.sleep(2000);
            // 2. a rolling restart: each instance stopped with SIGTERM and started again, one at a time
            for (int i = 0; i < INSTANCES; i++) {
                apps[i].close();
                apps[i] = JarProcess.start(ports.get(i), env(dir, i)).awaitReady(Duration.ofSeconds(120));
                Thread.sleep(6000); // fail_timeout: nginx tries the instance again
            }
            Thread.sleep(2000);
            running.set(false);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }

            // requests served per instance, from nginx's access log
            Map<String, Integer> served = new TreeMap<>();
            int retried = 0;
            int feedbackRetried = 0;
            for (String line : Files.readAllLines(accessLog)) {
                Matcher m = UPSTREAM.matcher(line);
                if (line.contains("/api/predict-query-type") && m.find()) {
                    String[] tried = m.group(1).split(", ");
                    served.merge(tried[tried.length - 1], 1, Integer::sum);
                    if (tried.length > 1) {
                        retried++;
                    }
                } else if (line.contains("/api/feedback") && m.find() && m.group(1).contains(", ")) {
                    feedbackRetried++;
                }
            }
            // every feedback answered 202 is stored exactly once, with the key nginx gave it
            Map<String, Integer> rows = new TreeMap<>();
            int keyed = 0;
            try (java.sql.Connection db = java.sql.DriverManager.getConnection(DB_URL, "qtp", "qtp");
                 java.sql.PreparedStatement ps = db.prepareStatement(
                         "SELECT query, idempotency_key FROM feedback WHERE query LIKE ?")) {
                ps.setString(1, marker + " %");
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.merge(rs.getString(1), 1, Integer::sum);
                        if (rs.getString(2) != null && rs.getString(2).matches("[0-9a-f]{32}")) {
                            keyed++;
                        }
                    }
                }
            }
            System.out.printf("nginx balancing: %d predictions ok, %d feedback stored, %d failed, %d predictions and %d"
                    + " feedback retried on another instance; served per instance: %s%n", ok.get(), stored.size(),
                    failures.size(), retried, feedbackRetried, served);
            assertThat(stored).as("feedback answered 202").hasSizeGreaterThan(100);
            for (String q : stored) {
                assertThat(rows.get(q)).as("rows stored for feedback '%s'", q).isEqualTo(1);
            }
            assertThat(rows.values()).as("no feedback stored twice").allMatch(n -> n == 1);
            assertThat(keyed).as("rows carrying nginx's $request_id as their key").isEqualTo(rows.size());

            assertThat(failures).as("failed client requests").isEmpty();
            assertThat(ok.get()).isGreaterThan(500);
            assertThat(served.keySet()).hasSize(INSTANCES);
            assertThat(served.values()).allSatisfy(n -> assertThat(n).isGreaterThan(50));
            // the kill and the restarts did make nginx retry on the next instance
            assertThat(retried).isPositive();
        } finally {
            running.set(false);
            clients.shutdownNow();
            clients.awaitTermination(30, TimeUnit.SECONDS);
            if (nginx != null) {
                nginx.destroy();
                if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                    nginx.destroyForcibly();
                }
            }
            for (JarProcess app : apps) {
                if (app != null) {
                    app.process().destroyForcibly();
                }
            }
        }
    }

    /**
     * An instance behind nginx: it believes X-Forwarded-For from nginx's address only, logs JSON to a file, and stores
     * feedback in the test PostgreSQL (scripts/services/postgres.sh).
     */
    private static Map<String, String> env(Path dir, int instance) {
        return Map.of("TRUSTED_PROXIES", "127.0.0.1", "LOG_DIR", dir.resolve("app-" + instance).toString(),
                "DATABASE_URL", DB_URL, "DATABASE_USER", "qtp", "DATABASE_PASSWORD", "qtp");
    }

    /**
     * nginx passes the client's address: a client on 127.0.0.2 that sends a forged X-Forwarded-For is logged by the
     * instance that answered with its real address (nginx appends the address it saw; the instance takes the
     * right-most address not added by a trusted proxy).
     */
    private static void assertClientAddressForwarded(URI predict, Path dir) throws Exception {
        HttpClient fromOtherAddress = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2"))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = fromOtherAddress.send(HttpRequest.newBuilder(predict)
                .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"where does this come from\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> ips = new ArrayList<>();
        while (ips.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            for (int i = 0; i < INSTANCES; i++) {
                Path log = dir.resolve("app-" + i).resolve("combined.log");
                if (!Files.exists(log)) {
                    continue;
                }
                for (String line : Files.readAllLines(log)) {
                    if (line.contains(requestId) && line.contains("Request completed")) {
                        ips.add(Deploy.JSON.readTree(line).findValue("ip").asText());
                    }
                }
            }
        }
        assertThat(ips).as("access log lines of request " + requestId).containsExactly("127.0.0.2");
    }

    /** The shipped file with the upstream servers, the listen port and the log path replaced; nothing else. */
    static String substitute(String shipped, List<Integer> ports, int listenPort, Path accessLog) {
        Matcher servers = Pattern.compile("(?m)^(\\s*)server 127\\.0\\.0\\.1:300\\d( [^;]*)?;\\n").matcher(shipped);
        StringBuilder out = new StringBuilder();
        boolean first = true;
        while (servers.find()) {
            StringBuilder replacement = new StringBuilder();
            if (first) {
                for (int p : ports) {
                    replacement.append(servers.group(1)).append("server 127.0.0.1:").append(p)
                            .append(servers.group(2) == null ? "" : servers.group(2)).append(";\n");
                }
                first = false;
            }
            servers.appendReplacement(out, Matcher.quoteReplacement(replacement.toString()));
        }
        servers.appendTail(out);
        assertThat(first).as("upstream servers found in nginx.conf").isFalse();
        String conf = out.toString();
        assertThat(conf).contains("listen 80;").contains("/var/log/nginx/query-type-predictor.access.log");
        return conf.replace("listen 80;", "listen 127.0.0.1:" + listenPort + ";")
                .replace("/var/log/nginx/query-type-predictor.access.log", accessLog.toString());
    }

    private static void awaitOk(URI predict) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(predict).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"warm up\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // nginx not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nginx did not answer a prediction within 30 s");
            }
            Thread.sleep(200);
        }
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> l = new ArrayList<>(a);
        l.add(b);
        return l;
    }
}
