package io.qtp.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import io.qtp.support.RawHttp;

/**
 * A seeded generator of malformed requests for the fuzz suite: random bytes, invalid UTF-8, deeply nested JSON,
 * huge numbers, wrong types, odd Unicode (lone surrogates, RTL marks, zero-width and combining characters), wrong
 * content types, odd methods and paths, broken framing. The same seed gives the same requests.
 */
final class MalformedRequests {

    record Case(String category, byte[] raw) {
    }

    static final List<String> CATEGORIES = List.of("random-bytes-body", "invalid-utf8", "deep-nesting", "huge-number",
            "wrong-type", "odd-unicode", "content-type", "method", "path", "framing", "batch", "chunked");

    private static final String[] PATHS = {"/api/predict-query-type", "/api/predict-query-type/batch", "/api/feedback"};
    private static final String[] ODD_CHARS = {"\u200f", "\u200e", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff",
            "\u0301", "\u0308\u0308\u0308", "\u036f", "\ufffd", "\uffff", "\u2028", "\u2029", "\u00a0", "\u3000",
            "\ud83d\ude00", "\ud83c\udff3\ufe0f\u200d\ud83c\udf08", "\u0e01\u0e34\u0e4a", "\ufdfd"};

    private final Random random;

    MalformedRequests(long seed) {
        this.random = new Random(seed);
    }

    Case next(int i) {
        String category = CATEGORIES.get(i % CATEGORIES.size());
        String path = PATHS[random.nextInt(PATHS.length)];
        return new Case(category, switch (category) {
            case "random-bytes-body" -> RawHttp.request("POST", path, "application/json", bytes(random.nextInt(2000)));
            case "invalid-utf8" -> RawHttp.request("POST", path, "application/json", invalidUtf8());
            case "deep-nesting" -> RawHttp.request("POST", path, "application/json", deep());
            case "huge-number" -> json(path, "{\"query\": " + hugeNumber() + "}");
            case "wrong-type" -> json(path, wrongType());
            case "odd-unicode" -> json(path, oddUnicode(path));
            case "content-type" -> RawHttp.request("POST", path, pick("text/plain", "application/xml",
                    "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                    "*/*", "", "application/json; charset=utf-16"),
                    "{\"query\": \"content type\"}".getBytes(StandardCharsets.UTF_8));
            case "method" -> RawHttp.request(pick("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO",
                    "post", "CONNECT"), path, "application/json", "{\"query\": \"method\"}".getBytes(StandardCharsets.UTF_8));
            case "path" -> RawHttp.request(pick("GET", "POST"), oddPath(), "application/json",
                    "{\"query\": \"path\"}".getBytes(StandardCharsets.UTF_8));
            case "framing" -> framing(path);
            case "batch" -> json("/api/predict-query-type/batch", batch());
            case "chunked" -> chunked(path);
            default -> throw new IllegalStateException(category);
        });
    }

    private byte[] json(String path, String body) {
        return RawHttp.request("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] invalidUtf8() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"query\": \"".getBytes(StandardCharsets.UTF_8));
        byte[][] bad = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {0}};
        int parts = 1 + random.nextInt(6);
        for (int i = 0; i < parts; i++) {
            out.writeBytes("text ".getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bad[random.nextInt(bad.length)]);
        }
        out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private byte[] deep() {
        int depth = 500 + random.nextInt(20_000);
        String open = pick("[", "{\"query\":", "{\"a\":[");
        String close = open.equals("[") ? "]" : open.equals("{\"query\":") ? "}" : "]}";
        StringBuilder sb = new StringBuilder(depth * (open.length() + close.length()) + 4);
        sb.append(open.repeat(depth)).append("\"x\"");
        if (random.nextBoolean()) {
            sb.append(close.repeat(depth));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String hugeNumber() {
        return switch (random.nextInt(5)) {
            case 0 -> "9".repeat(1 + random.nextInt(5000));
            case 1 -> "1e" + (100000 + random.nextInt(1_000_000));
            case 2 -> "-" + "9".repeat(400) + "." + "9".repeat(400);
            case 3 -> "1E-99999999";
            default -> "0x7fffffffffffffff";
        };
    }

    private String wrongType() {
        String value = pick("null", "true", "false", "[]", "{}", "[\"a\"]", "{\"q\":1}", "123", "-0", "1.5", "\"\"",
                "[null]", "[1,2,3]");
        return switch (random.nextInt(6)) {
            case 0 -> "{\"query\": " + value + "}";
            case 1 -> "{\"queries\": " + value + "}";
            case 2 -> "{\"query\": \"ok\", \"userId\": " + value + "}";
            case 3 -> value;
            case 4 -> "{\"queryId\": " + value + ", \"actualType\": " + value + "}";
            default -> "{\"query\": \"dup\", \"query\": " + value + "}";
        };
    }

    private String oddUnicode(String path) {
        StringBuilder q = new StringBuilder();
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(4)) {
                case 0 -> q.append(ODD_CHARS[random.nextInt(ODD_CHARS.length)]);
                case 1 -> q.append(random.nextBoolean() ? "\\ud800" : "\\udfff"); // lone surrogate, JSON-escaped
                case 2 -> q.append((char) (0x20 + random.nextInt(0x2fff)));
                default -> q.append(pick("検索", "query", "ベクトル", " ", "<b>", "\\u0000", "\\n", "é"));
            }
        }
        String s = q.toString().replace("\"", "'");
        if (path.endsWith("/batch")) {
            return "{\"queries\": [\"" + s + "\", \"" + s + "\"]}";
        }
        if (path.endsWith("/feedback")) {
            return "{\"queryId\": \"" + s + "\", \"actualType\": \"" + s + "\"}";
        }
        return "{\"query\": \"" + s + "\", \"userId\": \"" + s + "\"}";
    }

    private String oddPath() {
        return pick("/api/predict-query-type/../admin/model", "/api/%00", "/api/predict-query-type%2Fbatch",
                "/api/" + "a".repeat(3000), "/api/predict-query-type?query=" + "%FF".repeat(50), "/api//predict-query-type",
                "/api/predict-query-type/batch/extra", "/%E2%80%AE/api", "/api/predict-query-type;jsessionid=1",
                "/health/../api/admin/model", "/metrics/x", "/api-docs/../../etc/passwd", "/\u00e9", "/api/feedback/1");
    }

    private byte[] framing(String path) {
        byte[] body = "{\"query\": \"framing\"}".getBytes(StandardCharsets.UTF_8);
        String head = switch (random.nextInt(7)) {
            case 6 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\u0000\r\nContent-Length: " + body.length + "\r\n\r\n";
            case 0 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n";
            case 1 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n";
            case 2 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n";
            case 3 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
            case 4 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n";
            default -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Request-Id: " + "\u00ff".repeat(200)
                    + "\r\nX-API-Key: \u0001\u0002\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        };
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    /** A chunked body (no Content-Length, so the 64 KiB limit must hold while reading), up to 128 KiB. */
    private byte[] chunked(String path) {
        int size = random.nextBoolean() ? 60_000 + random.nextInt(70_000) : random.nextInt(2000);
        String json = "{\"query\": \"" + "a".repeat(size) + "\"}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += 8192) {
            int n = Math.min(8192, b.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private String batch() {
        return switch (random.nextInt(4)) {
            case 0 -> "{\"queries\": [" + "\"q\",".repeat(100 + random.nextInt(500)) + "\"q\"]}";
            case 1 -> "{\"queries\": [\"" + "x".repeat(1001 + random.nextInt(100)) + "\"]}";
            case 2 -> "{\"queries\": [\"ok\", 5, null]}";
            default -> "{\"queries\": [\"\u0007bell\"]}";
        };
    }
}
