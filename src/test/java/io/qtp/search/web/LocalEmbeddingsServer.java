package io.qtp.search.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A small local server that speaks the OpenAI embeddings API ({@code POST /v1/embeddings}): every input gets the
 * same vector of {@code dimensions} values. While the system property {@code failProperty} is "true" it answers 503
 * instead, like a provider that is down. Started once per JVM per {@code portProperty} (Quarkus loads test
 * profiles in two class loaders; system properties are shared by both).
 */
final class LocalEmbeddingsServer {

    private LocalEmbeddingsServer() {
    }

    static synchronized int port(String portProperty, int dimensions, String failProperty) {
        String p = System.getProperty(portProperty);
        if (p != null) {
            return Integer.parseInt(p);
        }
        StringBuilder vector = new StringBuilder("[");
        for (int i = 0; i < dimensions; i++) {
            vector.append(i == 0 ? "" : ",").append(0.1 + 0.001 * i);
        }
        String values = vector.append(']').toString();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/embeddings", ex -> {
                int inputs = JsonMapper.builder().build().readTree(ex.getRequestBody()).path("input").size();
                byte[] body;
                int status;
                if (failProperty != null && Boolean.getBoolean(failProperty)) {
                    status = 503;
                    body = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 200;
                    StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
                    for (int i = 0; i < inputs; i++) {
                        sb.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"embedding\":")
                                .append(values).append('}');
                    }
                    body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
                }
                ex.sendResponseHeaders(status, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
            int port = server.getAddress().getPort();
            System.setProperty(portProperty, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
