package io.qtp.support;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged jar ({@code target/query-type-predictor.jar}) as its own process, the way users run it,
 * with the given environment; stdout and stderr go to files that tests can read.
 */
public final class JarProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path stdout;
    private final Path stderr;

    private JarProcess(Process process, int port, Path stdout, Path stderr) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("qtp.jar", "target/query-type-predictor.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("packaged jar not found at " + jar + ": run `./mvnw package` first");
        }
        return jar;
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the service on a free port with the given extra environment (PORT is set here). */
    public static JarProcess start(Map<String, String> env, String... args) throws IOException {
        return start(freePort(), env, args);
    }

    /** Starts the service on the given port (e.g. to restart an instance behind a balancer that knows its port). */
    public static JarProcess start(int port, Map<String, String> env, String... args) throws IOException {
        return start(port, List.of("-Xmx256m"), env, args);
    }

    /** Starts the service on a free port with the given JVM options (instead of the default {@code -Xmx256m}). */
    public static JarProcess start(List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        return start(freePort(), jvmOptions, env, args);
    }

    /** Starts the service on the given port with the given JVM options and extra environment. */
    public static JarProcess start(int port, List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException {
        Path dir = Files.createTempDirectory("qtp-jar");
        Path out = dir.resolve("stdout.log");
        Path err = dir.resolve("stderr.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.equals("APP_ENV") || k.equals("LOG_DIR") || k.equals("LOG_LEVEL"));
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(port));
        return new JarProcess(pb.start(), port, out, err);
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public Process process() {
        return process;
    }

    /** Waits until {@code /health/ready} answers 200; fails with the process output otherwise. */
    public JarProcess awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (get("/health/ready").statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("service not ready within " + timeout + ":\n" + output());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String path, String json, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String stdout() throws IOException {
        return Files.readString(stdout);
    }

    public String output() {
        try {
            return "--- stdout\n" + Files.readString(stdout) + "\n--- stderr\n" + Files.readString(stderr);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Sends SIGTERM and waits for the exit; kills it if it does not stop in time. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
