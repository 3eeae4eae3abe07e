package io.qtp.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes and reads the data set's JSONL files: one object per line, keys in a fixed order, LF endings. */
public final class Jsonl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jsonl() {
    }

    /**
     * One row as a JSON object with the keys query, type, language, source, rule, group, license, and for
     * everyday rows then id, domain, register (keys whose value is null are left out).
     */
    public static String toJson(Example e) {
        StringBuilder sb = new StringBuilder(64 + e.query().length());
        sb.append("{\"query\":");
        string(sb, e.query());
        sb.append(",\"type\":");
        string(sb, e.type());
        sb.append(",\"language\":");
        string(sb, e.language());
        sb.append(",\"source\":");
        string(sb, e.source());
        sb.append(",\"rule\":");
        string(sb, e.rule());
        sb.append(",\"group\":");
        string(sb, e.group());
        sb.append(",\"license\":");
        string(sb, e.license());
        optional(sb, "id", e.id());
        optional(sb, "domain", e.domain());
        optional(sb, "register", e.register());
        return sb.append('}').toString();
    }

    private static void optional(StringBuilder sb, String key, String value) {
        if (value != null) {
            sb.append(",\"").append(key).append("\":");
            string(sb, value);
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static String optional(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    public static void write(Path file, List<Example> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Example e : rows) {
                w.write(toJson(e));
                w.write('\n');
            }
        }
    }

    /** Reads a file written by {@link #write}; missing fields are read as empty strings. */
    public static List<Example> read(Path file) throws IOException {
        List<Example> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            out.add(new Example(n.path("query").asText(""), n.path("type").asText(""), n.path("language").asText(""),
                    n.path("source").asText(""), n.path("rule").asText(""), n.path("group").asText(""),
                    n.path("license").asText(""), optional(n, "id"), optional(n, "domain"), optional(n, "register")));
        }
        return out;
    }
}
