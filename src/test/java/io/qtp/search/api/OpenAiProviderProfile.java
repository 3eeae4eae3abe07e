package io.qtp.search.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.qtp.store.SharedDatabaseProfile;

/**
 * The shared database, with the OpenAI-compatible embeddings provider pointed at a local server (a free port) that
 * answers 3-dimensional vectors: a provider whose dimension does not fit {@code documents.embedding vector(384)}.
 * The server is started once per JVM (Quarkus loads profiles in two class loaders; a system property holds the port).
 */
public class OpenAiProviderProfile extends SharedDatabaseProfile {

    static final String PORT_PROPERTY = "query-type-predictor-tests.embeddings-port";

    static synchronized int port() {
        String p = System.getProperty(PORT_PROPERTY);
        if (p != null) {
            return Integer.parseInt(p);
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/embeddings", ex -> {
                int inputs = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                        .readTree(ex.getRequestBody()).path("input").size();
                StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
                for (int i = 0; i < inputs; i++) {
                    sb.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"embedding\":[0.1,0.2,0.3]}");
                }
                byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
            int port = server.getAddress().getPort();
            System.setProperty(PORT_PROPERTY, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>(super.getConfigOverrides());
        m.put("qtp.search.embeddings-provider", "openai");
        m.put("qtp.search.embeddings-base-url", "http://127.0.0.1:" + port() + "/v1");
        m.put("qtp.search.embeddings-model", "tiny-3d");
        return m;
    }
}
