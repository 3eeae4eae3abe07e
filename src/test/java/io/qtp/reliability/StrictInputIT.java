package io.qtp.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.support.JarProcess;
import io.qtp.support.RawHttp;

/**
 * The regression suite of issue 13's inputs, and of the fuzz suite's kinds of malformed requests, each case by name
 * with the answer it must get, against the packaged jar (with a database in a schema of its own, so that valid
 * search, documents and feedback requests are really served). Raw sockets: the bytes are exactly the case's.
 * Every refusal must be the error envelope with the expected status and a message that says what is wrong; the
 * controls at the end must be accepted (the rules refuse nothing that is valid).
 */
class StrictInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String P = "/api/predict-query-type";
    static final String B = "/api/predict-query-type/batch";
    static final String F = "/api/feedback";
    static final String S = "/api/search";
    static final String D = "/api/documents";

    /** One case: the raw request, the status it must get, and a fragment of the error message (or of the body). */
    record Case(String name, byte[] raw, int status, String expect) {
    }

    private final List<Case> cases = new ArrayList<>();

    private void json(String name, String path, String body, int status, String expect) {
        cases.add(new Case(name, RawHttp.postJson(path, body), status, expect));
    }

    private void bytes(String name, String path, byte[] body, int status, String expect) {
        cases.add(new Case(name, RawHttp.request("POST", path, "application/json", body), status, expect));
    }

    private void raw(String name, String request, int status, String expect) {
        cases.add(new Case(name, request.getBytes(StandardCharsets.ISO_8859_1), status, expect));
    }

    /** The route's body with {@code text} (a JSON string literal's content) where its text goes. */
    static String body(String path, String text) {
        return switch (path) {
            case B -> "{\"queries\": [\"fine\", \"" + text + "\"]}";
            case F -> "{\"query\": \"" + text + "\", \"predictedType\": \"keyword\", \"correctType\": \"hybrid\"}";
            case D -> "{\"id\": \"reg-1\", \"content\": \"" + text + "\"}";
            default -> "{\"query\": \"" + text + "\"}";
        };
    }

    static String field(String path) {
        return switch (path) {
            case B -> "queries[1]";
            case D -> "document.content";
            default -> "query";
        };
    }

    /** The route's body with raw bytes in its text. */
    static byte[] spliced(String path, int... bad) {
        String[] parts = body(path, "a@b").split("@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
        for (int b : bad) {
            out.write(b);
        }
        out.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private void buildCases() {
        List<String> routes = List.of(P, B, F, S, D);
        // issue 13: invisible-only texts are empty, on every route
        for (String r : routes) {
            json("zero-width spaces " + r, r, body(r, "\\u200b\\u200b"), 400, field(r) + " must not be empty");
        }
        json("BOM only", P, body(P, "\\ufeff"), 400, "query must not be empty");
        json("ideographic and no-break spaces", P, body(P, "\\u3000\\u00a0\\u3000"), 400, "query must not be empty");
        json("search: no-break space", S, body(S, "\\u00a0"), 400, "query must not be empty");
        json("bidi and joiners only", F, body(F, "\\u200e\\u202e\\u2066\\u200d"), 400, "query must not be empty");
        json("document id: no-break space", D, "{\"id\": \"\\u00a0\", \"content\": \"text\"}", 400, "document.id must not be empty");
        json("document id: zero-width space", D, "[{\"id\": \"\\u200b\", \"content\": \"text\"}]", 400,
                "documents[0].id must not be empty");
        json("search: combining marks only", S, body(S, "\\u0301\\u0308"), 400, "must contain at least one letter");
        json("document content: private use only", D, body(D, "\\ue000\\ue001"), 400, "must contain at least one letter");
        // lone surrogates, named with their position
        for (String r : routes) {
            json("lone surrogate " + r, r, body(r, "abc\\ud800def"), 400, field(r) + " must not contain a lone surrogate (found U+D800 at index 3)");
        }
        json("lone low surrogate in userId", P, "{\"query\": \"ok\", \"userId\": \"u\\udfff\"}", 400, "userId must not contain a lone surrogate");
        json("lone surrogate in a document id", D, "{\"id\": \"a\\udc00\", \"content\": \"text\"}", 400, "document.id must not contain a lone surrogate");
        json("lone surrogate in metadata", D, "{\"id\": \"a\", \"content\": \"text\", \"metadata\": {\"k\": \"\\ud83d\"}}", 400,
                "document.metadata must not contain a lone surrogate");
        // strict UTF-8
        for (String r : routes) {
            bytes("byte FF " + r, r, spliced(r, 0xFF), 400, "request body is not valid UTF-8");
            bytes("overlong C0 AF " + r, r, spliced(r, 0xC0, 0xAF), 400, "request body is not valid UTF-8");
        }
        bytes("encoded surrogate ED A0 80", P, spliced(P, 0xED, 0xA0, 0x80), 400, "invalid byte sequence ED A0 80");
        bytes("above U+10FFFF", P, spliced(P, 0xF4, 0x90, 0x80, 0x80), 400, "not valid UTF-8");
        bytes("overlong E0 80 AF", S, spliced(S, 0xE0, 0x80, 0xAF), 400, "not valid UTF-8");
        bytes("truncated sequence", P, spliced(P, 0xE3, 0x81), 400, "not valid UTF-8");
        bytes("stray continuation byte", F, spliced(F, 0x80), 400, "not valid UTF-8");
        // one JSON value per body
        for (String r : routes) {
            String one = body(r, "redis cluster failover");
            json("two documents " + r, r, one + one, 400, "request body must be one JSON value");
        }
        json("trailing garbage", P, body(P, "ok") + " xyz", 400, "not valid JSON");
        json("trailing brace", S, body(S, "ok") + "}", 400, "not valid JSON");
        // the same unknown-field rule everywhere
        json("unknown field: predict", P, "{\"query\": \"ok\", \"pad\": 1}", 400, "unknown field 'pad'");
        json("unknown field: batch", B, "{\"queries\": [\"ok\"], \"mode\": \"x\"}", 400, "unknown field 'mode'");
        json("unknown field: feedback (old names)", F, "{\"query_id\": \"q\", \"actualType\": \"keyword\"}", 400, "unknown field");
        json("unknown field: search", S, "{\"query\": \"ok\", \"top_k\": 3}", 400, "unknown field 'top_k'");
        json("unknown field: documents", D, "{\"id\": \"a\", \"content\": \"t\", \"body\": \"x\"}", 400, "unknown field 'body'");
        json("unknown filter", S, "{\"query\": \"ok\", \"filters\": {\"lang\": \"en\"}}", 400, "unknown filter 'lang'");
        json("duplicate field", P, "{\"query\": \"a\", \"query\": \"b\"}", 400, "field 'query' appears twice");
        json("duplicate field: search", S, "{\"query\": \"a\", \"limit\": 1, \"limit\": 2}", 400, "appears twice");
        // bodies that stop short of their Content-Length: 408 after REQUEST_BODY_TIMEOUT (1 s here)
        for (String r : List.of(P, F, D)) {
            raw("truncated body " + r, "POST " + r + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 60\r\n\r\n{\"query\": \"ab", 408, "request body incomplete");
        }
        // the fuzz suite's kinds (docs/RELIABILITY.md), one named case each
        json("deep nesting", P, "[".repeat(5000) + "\"x\"" + "]".repeat(5000), 400, "");
        json("deep nesting in a field", P, "{\"query\":".repeat(3000) + "\"x\"" + "}".repeat(3000), 400, "");
        json("huge integer as query", P, "{\"query\": " + "9".repeat(3000) + "}", 400, "");
        json("huge exponent as query", P, "{\"query\": 1e999999}", 400, "");
        json("number as query", P, "{\"query\": 42}", 400, "query must be a string");
        json("boolean as query", P, "{\"query\": true}", 400, "query must be a string");
        json("array as query", P, "{\"query\": [\"a\"]}", 400, "query must be a string");
        json("null query", P, "{\"query\": null}", 400, "query is required");
        json("empty body", P, "", 400, "request body is required");
        json("JSON null body", P, "null", 400, "request body is required");
        json("array body", P, "[\"a\"]", 400, "");
        json("string body", P, "\"a\"", 400, "");
        json("query over 1000 characters", P, body(P, "a".repeat(1001)), 400, "at most 1000 characters");
        json("NUL in query", P, body(P, "a\\u0000b"), 400, "control characters (found U+0000 at index 1)");
        json("bell in a batch item", B, "{\"queries\": [\"\\u0007bell\"]}", 400, "queries[0] must not contain control characters");
        json("C1 control", F, body(F, "a\\u0085"), 400, "control characters");
        json("batch of 0", B, "{\"queries\": []}", 400, "1 to 100");
        json("batch of 101", B, "{\"queries\": [" + "\"q\",".repeat(100) + "\"q\"]}", 400, "got 101");
        json("batch item of the wrong type", B, "{\"queries\": [\"ok\", 5]}", 400, "queries[1] must be a string");
        json("search limit as a string", S, "{\"query\": \"ok\", \"limit\": \"10\"}", 400, "");
        json("search limit as a fraction", S, "{\"query\": \"ok\", \"limit\": 1.5}", 400, "");
        json("search limit 0", S, "{\"query\": \"ok\", \"limit\": 0}", 400, "limit must be between 1 and 100");
        json("vectorWeight without strategy", S, "{\"query\": \"ok\", \"vectorWeight\": 0.5}", 400, "vectorWeight needs strategy");
        json("documents: batch of 0", D, "[]", 400, "1 to 100 documents");
        json("feedback: unknown type", F, "{\"query\": \"q\", \"predictedType\": \"vector\", \"correctType\": \"hybrid\"}", 400,
                "predictedType must be keyword, semantic or hybrid");
        json("feedback: says nothing", F, "{\"query\": \"q\", \"predictedType\": \"keyword\"}", 400, "correctType or clickedResultId is required");
        String fb = "{\"query\": \"q\", \"predictedType\": \"keyword\", \"correctType\": \"hybrid\"}";
        raw("feedback: Idempotency-Key with a space", "POST " + F + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Idempotency-Key: a b\r\nContent-Length: " + fb.length() + "\r\n\r\n" + fb,
                400, "Idempotency-Key must be 1 to 255 visible ASCII characters");
        raw("text/plain", "POST " + P + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\n{\"query\": \"a\"}",
                415, "Content-Type must be application/json");
        raw("charset latin1", "POST " + P + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json; charset=latin1\r\n"
                + "Content-Length: 14\r\n\r\n{\"query\": \"a\"}", 415, "charset must be utf-8");
        raw("GET on a POST route", "GET " + P + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405, "not allowed");
        raw("unknown route", "POST /api/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", 404, "no route");
        raw("declared body over 64 KiB", "POST " + S + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Content-Length: 70000\r\n\r\n{\"query\": \"", 413, "exceeds the limit of 64 KiB");
        for (String r : List.of(P, F, S, D)) {
            StringBuilder chunked = new StringBuilder("POST " + r + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            String big = body(r, "a".repeat(70_000));
            for (int i = 0; i < big.length(); i += 8192) {
                String c = big.substring(i, Math.min(big.length(), i + 8192));
                chunked.append(Integer.toHexString(c.length())).append("\r\n").append(c).append("\r\n");
            }
            raw("chunked body over 64 KiB " + r, chunked.append("0\r\n\r\n").toString(), 413, "exceeds the limit of 64 KiB");
        }
        // controls: valid requests are served
        json("control: predict", P, body(P, "PostgreSQL ベクトル検索 インデックス"), 200, "\"predictedType\":\"keyword\"");
        json("control: invisible characters trimmed", P, body(P, "\\ufeff\\u200bredis cluster failover\\u00a0\\u3000"), 200,
                "\"query\":\"redis cluster failover\"");
        json("control: emoji with a joiner inside", P, body(P, "👩\\u200d💻 setup"), 200, "\"predictedType\"");
        json("control: accent as a combining mark", P, body(P, "cafe\\u0301 menu"), 200, "\"predictedType\"");
        json("control: batch", B, body(B, "How do I reset my password"), 200, "\"results\"");
        json("control: feedback", F, body(F, "redis cluster failover"), 202, "\"status\":\"stored\"");
        json("control: documents", D, "{\"id\": \"reg-1\", \"content\": \"HNSW indexes for vector search in PostgreSQL\"}", 200,
                "\"stored\":1");
        json("control: search", S, "{\"query\": \"pgvector HNSW\", \"limit\": 3}", 200, "\"results\"");
        json("control: trailing whitespace after the value", P, body(P, "ok then") + " \r\n\t", 200, "\"predictedType\"");
    }

    @Test
    void everyCaseGetsItsAnswer() throws Exception {
        buildCases();
        try (PrivateSchema schema = new PrivateSchema("qtp_strict")) {
            Map<String, String> env = new HashMap<>(schema.env());
            env.put("REQUEST_BODY_TIMEOUT", "1s");
            try (JarProcess app = JarProcess.start(env)) {
                app.awaitReady(Duration.ofSeconds(90));
                FuzzIT.awaitSearch(app, "X-Request-Id", "strict-input-warm-up");
                List<String> failures = new ArrayList<>();
                for (Case c : cases) {
                    String problem = check(app.port(), c);
                    if (problem != null) {
                        failures.add(c.name() + ": " + problem);
                    }
                }
                // a client that abandons its body: logged as such, never as an error
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", app.port()), 5000);
                    s.getOutputStream().write(("POST " + F + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 80\r\n\r\n{\"query\": \"half").getBytes(StandardCharsets.UTF_8));
                    Thread.sleep(200);
                }
                Thread.sleep(1000);
                String log = app.output();
                assertThat(log).as("the abandoned body").contains("Request aborted by the client");
                assertThat(log.lines().filter(l -> l.contains(" ERROR ")).toList()).as("log lines at ERROR").isEmpty();
                System.out.printf("Strict input regression suite: %d cases against the packaged jar, %d failed%n",
                        cases.size(), failures.size());
                assertThat(failures).isEmpty();
            }
        }
    }

    private static String check(int port, Case c) {
        RawHttp.Response r;
        try {
            r = RawHttp.exchange(port, c.raw(), 15_000);
        } catch (Exception e) {
            return "no answer: " + e;
        }
        if (r.status() != c.status()) {
            return "status " + r.status() + " (expected " + c.status() + "): " + abbreviate(r.text());
        }
        if (r.status() >= 400) {
            try {
                JsonNode error = JSON.readTree(r.body()).get("error");
                if (error == null || error.path("code").asInt() != c.status() || !error.path("type").asText().endsWith("Error")) {
                    return "not the error envelope: " + abbreviate(r.text());
                }
                if (!error.path("message").asText().contains(c.expect())) {
                    return "message '" + error.path("message").asText() + "' lacks '" + c.expect() + "'";
                }
            } catch (Exception e) {
                return "not JSON: " + abbreviate(r.text());
            }
        } else if (!r.text().contains(c.expect())) {
            return "answer lacks '" + c.expect() + "': " + abbreviate(r.text());
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
