package io.qtp.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.qtp.support.RawHttp;

/**
 * A seeded generator of malformed requests for the fuzz suite, over every route that takes a body (predictions,
 * batches, feedback, search, documents, the admin traffic route): random bytes, invalid UTF-8 and overlong forms,
 * deeply nested JSON, huge numbers, wrong types, odd Unicode (lone surrogates, RTL marks, zero-width and combining
 * characters), invisible-only texts, trailing content, unknown and duplicate fields, wrong content types, odd methods
 * and paths, broken framing, oversize chunked bodies, bodies that stop short of their Content-Length, and bodies the
 * client abandons. The same seed gives the same requests.
 *
 * <p>Each case says whether it must be refused ({@code mustReject}): the categories in {@link #MUST_REJECT} are
 * invalid by construction, so any 2xx answer to one of them is a wrongly accepted request.
 */
final class MalformedRequests {

    /**
     * One request. {@code keyed}: the suite adds an API key (three in four requests, drawn independently of the
     * category, so that every category's body rules are reached); {@code admin}: that key is the admin key (the admin
     * route's body rules are only reached with it); {@code reset}: an abandoned body ends with a TCP reset rather than
     * a close.
     */
    record Case(String category, String path, byte[] raw, boolean mustReject, boolean keyed, boolean admin, boolean reset) {
    }

    static final List<String> CATEGORIES = List.of("random-bytes-body", "invalid-utf8", "deep-nesting", "huge-number",
            "wrong-type", "odd-unicode", "content-type", "method", "path", "framing", "batch", "chunked",
            "invisible-only", "lone-surrogate", "overlong-utf8", "trailing-content", "unknown-field", "duplicate-field",
            "truncated-body", "aborted-body");

    /** Categories whose every request is invalid by construction: never to be answered 2xx. */
    static final Set<String> MUST_REJECT = Set.of("random-bytes-body", "invalid-utf8", "deep-nesting", "huge-number",
            "batch", "invisible-only", "lone-surrogate", "overlong-utf8", "trailing-content", "unknown-field",
            "duplicate-field", "truncated-body");

    static final String PREDICT = "/api/predict-query-type";
    static final String BATCH = "/api/predict-query-type/batch";
    static final String FEEDBACK = "/api/feedback";
    static final String SEARCH = "/api/search";
    static final String DOCUMENTS = "/api/documents";
    static final String TRAFFIC = "/api/admin/model/traffic";

    /** Routes whose body carries a text the input rules apply to. */
    private static final String[] TEXT_ROUTES = {PREDICT, BATCH, FEEDBACK, SEARCH, DOCUMENTS};
    /** Every route with a JSON body, for the structural categories. */
    private static final String[] ALL_ROUTES = {PREDICT, BATCH, FEEDBACK, SEARCH, DOCUMENTS, TRAFFIC};
    private static final String[] ODD_CHARS = {"\u200f", "\u200e", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff",
            "\u0301", "\u0308\u0308\u0308", "\u036f", "\ufffd", "\uffff", "\u2028", "\u2029", "\u00a0", "\u3000",
            "\ud83d\ude00", "\ud83c\udff3\ufe0f\u200d\ud83c\udf08", "\u0e01\u0e34\u0e4a", "\ufdfd", "\ue000", "\u034f"};
    /** Invisible characters (JSON-escaped): whitespace, separators, format characters, the BOM, default-ignorables. */
    private static final String[] INVISIBLE = {"\\u200b", "\\ufeff", "\\u3000", "\\u00a0", "\\u2060", "\\u200c",
        "\\u200d", "\\u200e", "\\u202e", "\\u2066", "\\u00ad", "\\u180e", "\\u2028", "\\u2029", "\\u2007", "\\u202f",
        "\\u3164", "\\ufe0f", "\\u034f", " ", "\\t", "\\n", "\\udb40\\udc20"};

    private final Random random;

    MalformedRequests(long seed) {
        this.random = new Random(seed);
    }

    Case next(int i) {
        String category = CATEGORIES.get(i % CATEGORIES.size());
        String path = switch (category) {
            case "batch" -> BATCH;
            case "invisible-only", "lone-surrogate", "odd-unicode", "huge-number", "wrong-type" ->
                    TEXT_ROUTES[random.nextInt(TEXT_ROUTES.length)];
            default -> ALL_ROUTES[random.nextInt(ALL_ROUTES.length)];
        };
        String method = path.equals(TRAFFIC) ? "PUT" : "POST";
        byte[] raw = switch (category) {
            case "random-bytes-body" -> RawHttp.request(method, path, "application/json", bytes(random.nextInt(2000)));
            case "invalid-utf8" -> RawHttp.request(method, path, "application/json", invalidUtf8(path));
            case "overlong-utf8" -> RawHttp.request(method, path, "application/json", overlong(path));
            case "deep-nesting" -> RawHttp.request(method, path, "application/json", deep());
            case "huge-number" -> json(method, path, withText(path, hugeNumber()));
            case "wrong-type" -> json(method, path, wrongType(path));
            case "odd-unicode" -> json(method, path, withText(path, "\"" + oddUnicode() + "\""));
            case "invisible-only" -> json(method, path, withText(path, "\"" + invisible() + "\""));
            case "lone-surrogate" -> json(method, path, withText(path, "\"" + loneSurrogate() + "\""));
            case "trailing-content" -> json(method, path, valid(path) + pick(" {\"query\": \"second\"}", " x", "}",
                    ",", " []", "\"more\"", " null", " 1"));
            case "unknown-field" -> json(method, path, addField(valid(path), pick("extra", "query_id", "actualType",
                    "limit_", "Query", "__proto__", "q\\u200b"), pick("1", "\"x\"", "null", "{}", "[]")));
            case "duplicate-field" -> json(method, path, duplicate(path));
            case "content-type" -> RawHttp.request(method, path, pick("text/plain", "application/xml",
                    "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                    "*/*", "", "application/json; charset=utf-16"),
                    valid(path).getBytes(StandardCharsets.UTF_8));
            case "method" -> RawHttp.request(pick("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO",
                    "post", "CONNECT"), path, "application/json", valid(path).getBytes(StandardCharsets.UTF_8));
            case "path" -> RawHttp.request(pick("GET", "POST"), oddPath(), "application/json",
                    "{\"query\": \"path\"}".getBytes(StandardCharsets.UTF_8));
            case "framing" -> framing(path, method);
            case "batch" -> json(method, BATCH, batch());
            case "chunked" -> chunked(path, method);
            case "truncated-body", "aborted-body" -> truncated(path, method);
            default -> throw new IllegalStateException(category);
        };
        return new Case(category, path, raw, MUST_REJECT.contains(category), random.nextInt(4) != 0, path.equals(TRAFFIC),
                random.nextBoolean());
    }

    /** A valid body for the route. */
    private String valid(String path) {
        return withText(path, "\"redis cluster failover " + random.nextInt(1000) + "\"");
    }

    /** The route's body with {@code value} (a JSON value) where its text goes. */
    private String withText(String path, String value) {
        return switch (path) {
            case BATCH -> "{\"queries\": [\"ok\", " + value + "]}";
            case FEEDBACK -> "{\"query\": " + value + ", \"predictedType\": \"keyword\", \"correctType\": \"hybrid\"}";
            case SEARCH -> "{\"query\": " + value + ", \"limit\": 3}";
            case DOCUMENTS -> random.nextBoolean() ? "{\"id\": \"fz-" + random.nextInt(50) + "\", \"content\": " + value + "}"
                    : "{\"id\": " + value + ", \"content\": \"fuzz document text\"}";
            case TRAFFIC -> "{\"greenPercent\": 0, \"canaryUserIds\": [" + value + "]}";
            default -> "{\"query\": " + value + "}";
        };
    }

    private static String addField(String body, String name, String value) {
        return body.substring(0, body.lastIndexOf('}')) + ", \"" + name + "\": " + value + "}";
    }

    private String duplicate(String path) {
        String body = valid(path);
        String first = body.substring(2, body.indexOf('"', 2)); // the first field's name
        return addField(body, first, pick("\"other\"", "null", "1", "[]"));
    }

    private byte[] json(String method, String path, String body) {
        return RawHttp.request(method, path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The route's body with raw bytes spliced into its text. */
    private byte[] spliced(String path, byte[][] inserts) {
        String[] parts = withText(path, "\"text@\"").split("@", 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.writeBytes(inserts[random.nextInt(inserts.length)]);
            out.writeBytes(" x".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private byte[] invalidUtf8(String path) {
        byte[][] bad = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xC3, (byte) 0x28}};
        return spliced(path, bad);
    }

    /** Overlong encodings: '/' as C0 AF, E0 80 AF, F0 80 80 AF; NUL as C0 80; '<' as C0 BC. */
    private byte[] overlong(String path) {
        byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xBC},
                {(byte) 0xC1, (byte) 0xBF}};
        return spliced(path, bad);
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

    private String wrongType(String path) {
        String value = pick("null", "true", "false", "[]", "{}", "[\"a\"]", "{\"q\":1}", "123", "-0", "1.5", "\"\"",
                "[null]", "[1,2,3]");
        return switch (random.nextInt(5)) {
            case 0 -> withText(path, value);
            case 1 -> "{\"queries\": " + value + "}";
            case 2 -> path.equals(DOCUMENTS) ? "{\"id\": \"fz-w\", \"content\": \"text\", \"metadata\": " + value + "}"
                    : "{\"query\": \"ok\", \"userId\": " + value + "}";
            case 3 -> value;
            default -> path.equals(SEARCH) ? "{\"query\": \"ok\", \"limit\": " + value + "}"
                    : "{\"query\": \"dup\", \"predictedType\": " + value + "}";
        };
    }

    private String oddUnicode() {
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
        return q.toString().replace("\"", "'");
    }

    private String invisible() {
        StringBuilder q = new StringBuilder();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            q.append(INVISIBLE[random.nextInt(INVISIBLE.length)]);
        }
        return q.toString();
    }

    /** Text with one surrogate half alone (JSON-escaped), somewhere. */
    private String loneSurrogate() {
        String half = pick("\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud83d");
        return switch (random.nextInt(3)) {
            case 0 -> "abc" + half + "def";
            case 1 -> half;
            default -> "検索 " + half;
        };
    }

    private String oddPath() {
        return pick("/api/predict-query-type/../admin/model", "/api/%00", "/api/predict-query-type%2Fbatch",
                "/api/" + "a".repeat(3000), "/api/predict-query-type?query=" + "%FF".repeat(50), "/api//predict-query-type",
                "/api/predict-query-type/batch/extra", "/%E2%80%AE/api", "/api/predict-query-type;jsessionid=1",
                "/health/../api/admin/model", "/metrics/x", "/api-docs/../../etc/passwd", "/\u00e9", "/api/feedback/1",
                "/api/search/x", "/api/documents/../search");
    }

    private byte[] framing(String path, String method) {
        byte[] body = valid(path).getBytes(StandardCharsets.UTF_8);
        String start = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
        String head = switch (random.nextInt(7)) {
            case 6 -> start + "Content-Type: application/json\u0000\r\nContent-Length: " + body.length + "\r\n\r\n";
            case 0 -> start + "Content-Type: application/json\r\nContent-Length: -5\r\n\r\n";
            case 1 -> start + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n";
            case 2 -> start + "Content-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n";
            case 3 -> start + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
            case 4 -> start + "Content-Type: application/json\r\nContent-Length: 3\r\n\r\n";
            default -> start + "X-Request-Id: " + "\u00ff".repeat(200)
                    + "\r\nX-API-Key: \u0001\u0002\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        };
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    /** A chunked body (no Content-Length, so the 64 KiB limit must hold while reading), up to 128 KiB. */
    private byte[] chunked(String path, String method) {
        int size = random.nextBoolean() ? 60_000 + random.nextInt(70_000) : random.nextInt(2000);
        String json = withText(path, "\"" + "a".repeat(size) + "\"");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
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

    /** Headers announcing more body than is sent: the first part of a valid body only. */
    private byte[] truncated(String path, String method) {
        byte[] body = valid(path).getBytes(StandardCharsets.UTF_8);
        int sent = random.nextInt(body.length);
        int announced = body.length + random.nextInt(3) * random.nextInt(500);
        String head = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + announced + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + sent];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, sent);
        return out;
    }

    private String batch() {
        return switch (random.nextInt(6)) {
            case 0 -> "{\"queries\": [" + "\"q\",".repeat(100 + random.nextInt(500)) + "\"q\"]}";
            case 1 -> "{\"queries\": [\"" + "x".repeat(1001 + random.nextInt(100)) + "\"]}";
            case 2 -> "{\"queries\": [\"ok\", 5, null]}";
            case 3 -> "{\"queries\": [\"ok\", \"\\u200b\\u3000\"]}";
            case 4 -> "{\"queries\": [\"ok\", \"x\\udfff\"]}";
            default -> "{\"queries\": [\"\u0007bell\"]}";
        };
    }
}
