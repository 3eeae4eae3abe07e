package io.qtp.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.ConfigOverrides;
import io.qtp.support.PrometheusText;
import io.qtp.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * A body that stops short of its Content-Length is answered 408 in the envelope after {@code REQUEST_BODY_TIMEOUT}
 * (1 s here) and the connection is closed; a client that abandons its body is logged as such ("Request aborted by
 * the client", status 499), never at ERROR and never as a 200.
 */
@QuarkusTest
@TestProfile(BodyTimeoutTest.Profile.class)
class BodyTimeoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static class Profile extends ConfigOverrides { public Profile() { super("qtp.http.body-timeout", "1s"); } }

    /** Log records of the service's loggers, captured in this JVM (the service runs in it). */
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLoggerName() != null && r.getLoggerName().startsWith("io.qtp")) {
                records.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        java.util.logging.Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        java.util.logging.Logger.getLogger("").removeHandler(capture);
    }

    private static byte[] head(String path, int contentLength) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + contentLength + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aBodyShorterThanItsContentLengthGets408() throws Exception {
        for (String path : List.of("/api/predict-query-type", "/api/feedback", "/api/documents")) {
            byte[] partial = "{\"query\": \"abc".getBytes(StandardCharsets.UTF_8);
            byte[] raw = new byte[head(path, 40).length + partial.length];
            System.arraycopy(head(path, 40), 0, raw, 0, head(path, 40).length);
            System.arraycopy(partial, 0, raw, head(path, 40).length, partial.length);
            long start = System.nanoTime();
            RawHttp.Response r = RawHttp.exchange(RestAssured.port, raw, 20_000); // reads until the server closes
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(408);
            JsonNode error = JSON.readTree(r.body()).get("error");
            assertThat(error.get("type").asText()).isEqualTo("RequestTimeoutError");
            assertThat(error.get("code").asInt()).isEqualTo(408);
            assertThat(error.get("message").asText()).contains("request body incomplete").contains("Content-Length 40");
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(ms).as("answered after the 1 s timeout, not at once").isGreaterThanOrEqualTo(900);
            assertThat(ms).as("and not left hanging (a bound, not a speed target)").isLessThan(15_000);
        }
        assertThat(records).noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue());
    }

    @Test
    void aClientThatAbandonsItsBodyIsLoggedAsAbortedNotAsAnError() throws Exception {
        for (String path : List.of("/api/predict-query-type", "/api/feedback", "/api/search")) {
            for (boolean reset : new boolean[] {false, true}) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5000);
                    OutputStream out = s.getOutputStream();
                    out.write(head(path, 400));
                    out.write("{\"query\": \"half".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(200);
                    if (reset) {
                        s.setSoLinger(true, 0); // close with a TCP reset, as a killed client does
                    }
                }
            }
        }
        // the server notices the closes asynchronously
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (records.stream().filter(r -> "Request aborted by the client".equals(r.getMessage())).count() < 6
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(records.stream().filter(r -> "Request aborted by the client".equals(r.getMessage())).count())
                .as("access log lines of the 6 abandoned requests").isEqualTo(6);
        assertThat(records).as("nothing at ERROR: %s", records.stream().map(LogRecord::getMessage).toList())
                .noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue());
        PrometheusText metrics = new PrometheusText(given().get("/metrics").asString());
        assertThat(metrics.sum("http_request_duration_ms_count", Map.of("status_code", "499"))).isGreaterThanOrEqualTo(6);
        assertThat(metrics.sum("http_request_duration_ms_count", Map.of("route", "/api/feedback", "status_code", "200")))
                .isZero();
        assertThat(metrics.sum("http_request_duration_ms_count", Map.of("route", "/api/search", "status_code", "200")))
                .isZero();
    }
}
