package io.qtp.search.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a BEIR-format directory: corpus.jsonl ({@code _id, title, text}), queries.jsonl ({@code _id, text}), qrels/SPLIT.tsv. */
public final class Beir {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Doc(String id, String title, String text) {
    }

    private Beir() {
    }

    /** Streams the corpus (it can be large). */
    public static void corpus(Path dir, Consumer<Doc> each) throws IOException {
        jsonl(corpusFile(dir), n -> each.accept(new Doc(n.path("_id").asText(), n.path("title").asText(""),
                n.path("text").asText(""))));
    }

    public static Path corpusFile(Path dirOrFile) {
        return Files.isDirectory(dirOrFile) ? dirOrFile.resolve("corpus.jsonl") : dirOrFile;
    }

    public static long count(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }

    public static Map<String, String> queries(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        jsonl(dir.resolve("queries.jsonl"), n -> out.put(n.path("_id").asText(), n.path("text").asText()));
        return out;
    }

    /**
     * query id -> the group it belongs to for cross-fitting: {@code article:<n>} when the query's metadata names an
     * article (convert-squad writes it: questions of one article share its paragraphs), else the query id itself
     * (a SciFact claim is its own group; its derived variants share it).
     */
    public static Map<String, String> groups(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        jsonl(dir.resolve("queries.jsonl"), n -> {
            JsonNode article = n.path("metadata").path("article");
            String id = n.path("_id").asText();
            out.put(id, article.isMissingNode() || article.isNull() ? id : "article:" + article.asText());
        });
        return out;
    }

    /** query id -> (doc id -> grade), in file order. */
    public static Map<String, Map<String, Integer>> qrels(Path dir, String split) throws IOException {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("qrels").resolve(split + ".tsv"), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t");
            if (f.length < 3 || (i == 0 && f[0].equals("query-id"))) {
                continue;
            }
            out.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], Integer.parseInt(f[2].strip()));
        }
        return out;
    }

    private static void jsonl(Path file, Consumer<JsonNode> each) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    each.accept(JSON.readTree(line));
                }
            }
        }
    }

    /** Writes one JSON object per line. */
    static void writeJsonl(Path file, List<? extends Map<String, ?>> rows) throws IOException {
        List<String> lines = new ArrayList<>(rows.size());
        for (Map<String, ?> r : rows) {
            lines.add(JSON.writeValueAsString(r));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
