package io.qtp.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

import io.qtp.support.SharedTempDir;

/**
 * A stand-in for sentry.io: a JDK HTTP server on a free port that stores each envelope the real Sentry SDK posts
 * (gunzipped) as a file in a shared directory. Port and directory live in system properties so that Quarkus's
 * two class loaders share one server.
 */
public final class SentryReceiver {

    private static final String PORT = "query-type-predictor-tests.sentry.port";

    private SentryReceiver() {
    }

    public static Path dir() {
        return SharedTempDir.get("sentry-envelopes", d -> { });
    }

    public static synchronized int port() {
        String existing = System.getProperty(PORT);
        if (existing != null) {
            return Integer.parseInt(existing);
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Path dir = dir();
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        body = in.readAllBytes();
                    }
                }
                Files.write(dir.resolve(System.nanoTime() + ".envelope"), body);
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            System.setProperty(PORT, Integer.toString(server.getAddress().getPort()));
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
