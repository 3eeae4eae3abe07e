package io.qtp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import io.qtp.support.JarProcess;

/**
 * The packaged jar with TLS from PEM files (a self-signed certificate made by the JDK's keytool for this test,
 * exported to PEM here) and CORS on for one origin: real HTTPS, HSTS and the security headers, preflight answers.
 */
class TlsAndCorsIT {

    private static final String ORIGIN = "https://search.example.com";

    @Test
    void servesHttpsFromPemFilesWithHstsAndCors() throws Exception {
        Path dir = Files.createTempDirectory("qtp-tls");
        KeyStore ks = selfSigned(dir);
        Certificate cert = ks.getCertificate("qtp");
        PrivateKey key = (PrivateKey) ks.getKey("qtp", "changeit".toCharArray());
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes());
        Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n" + pem.encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        int tlsPort = JarProcess.freePort();

        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("qtp", cert);
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();

        try (JarProcess app = JarProcess.start(Map.of("TLS_CERT_FILE", dir.resolve("cert.pem").toString(),
                "TLS_KEY_FILE", dir.resolve("key.pem").toString(), "TLS_PORT", Integer.toString(tlsPort),
                "ALLOWED_ORIGINS", ORIGIN))) {
            app.awaitReady(Duration.ofSeconds(90));
            String base = "https://127.0.0.1:" + tlsPort;

            HttpResponse<String> health = awaitHttps(https, URI.create(base + "/health"), app);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).contains("max-age="));
            assertThat(health.headers().firstValue("X-Frame-Options")).contains("DENY");

            HttpResponse<String> predict = https.send(HttpRequest.newBuilder(URI.create(base + "/api/predict-query-type"))
                    .header("Content-Type", "application/json").header("Origin", ORIGIN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"tls query\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(predict.statusCode()).isEqualTo(200);
            assertThat(predict.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);

            HttpResponse<String> notFound = https.send(HttpRequest.newBuilder(URI.create(base + "/nothing")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.headers().firstValue("Strict-Transport-Security")).isPresent();
            assertThat(notFound.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

            // Preflight from the allowed origin: the configured methods, headers and max age.
            HttpResponse<String> preflight = https.send(HttpRequest.newBuilder(URI.create(base + "/api/predict-query-type"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type,x-api-key").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET").contains("POST");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                    .contains("content-type").contains("authorization").contains("x-api-key");
            assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).contains("86400");

            // Another origin gets no CORS grant.
            HttpResponse<String> other = https.send(HttpRequest.newBuilder(URI.create(base + "/api/predict-query-type"))
                    .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"tls query\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(other.statusCode()).isEqualTo(403);
            assertThat(other.body()).contains("\"type\":\"ForbiddenError\"").contains("origin not allowed");
            HttpResponse<String> otherPreflight = https.send(HttpRequest.newBuilder(URI.create(base + "/api/predict-query-type"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(otherPreflight.statusCode()).isEqualTo(403);
            assertThat(otherPreflight.body()).contains("\"type\":\"ForbiddenError\"");
            assertThat(otherPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

            // Same origin (a page served from this host) needs no grant and is not rejected.
            HttpResponse<String> same = https.send(HttpRequest.newBuilder(URI.create(base + "/api/predict-query-type"))
                    .header("Content-Type", "application/json").header("Origin", base)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"tls query\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(same.statusCode()).as(same.headers() + " " + same.body()).isEqualTo(200);
        }
    }

    /**
     * The first HTTPS answer. Readiness is read over plain HTTP, so the TLS listener is polled on its own (a CI
     * run once saw its first connection closed); a listener that never answers fails with the service's output.
     */
    private static HttpResponse<String> awaitHttps(HttpClient https, URI uri, JarProcess app) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return https.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no HTTPS answer at " + uri + ": " + last + "\n" + app.output(), last);
    }

    /** A self-signed RSA certificate for localhost/127.0.0.1 made by the JDK's keytool. */
    private static KeyStore selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("tls.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "qtp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }
}
