package io.qtp.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Readers for the source data sets and the hand-written file. */
final class Sources {
    private Sources() {
    }

    static final String JSQUAD = "jsquad";
    static final String SCIFACT_QUERY = "scifact-query";
    static final String SCIFACT_TITLE = "scifact-title";
    static final String HANDWRITTEN = "handwritten";

    static final String LICENSE_JSQUAD = "CC-BY-SA-4.0";
    static final String LICENSE_SCIFACT = "CC-BY-NC-2.0";
    static final String LICENSE_HANDWRITTEN = "CC0-1.0";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A JSQuAD question: its id (e.g. a10336p0q1) and text. */
    record Question(String id, String text) {
    }

    /** A SciFact claim (queries.jsonl). */
    record Claim(String id, String text) {
    }

    /** A SciFact corpus document (corpus.jsonl). */
    record Document(String id, String title, String text) {
    }

    /** A hand-written row. */
    record Handwritten(String group, String language, String type, String category, String query, int line) {
    }

    /** All questions of a SQuAD-format file, in file order. */
    static List<Question> readJsquad(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        List<Question> out = new ArrayList<>();
        for (JsonNode article : root.path("data")) {
            for (JsonNode paragraph : article.path("paragraphs")) {
                for (JsonNode qa : paragraph.path("qas")) {
                    out.add(new Question(qa.path("id").asText(), qa.path("question").asText()));
                }
            }
        }
        return out;
    }

    static List<Claim> readClaims(Path beirDir) throws IOException {
        List<Claim> out = new ArrayList<>();
        for (JsonNode n : readJsonl(beirDir.resolve("queries.jsonl"))) {
            out.add(new Claim(n.path("_id").asText(), n.path("text").asText()));
        }
        return out;
    }

    static List<Document> readCorpus(Path beirDir) throws IOException {
        List<Document> out = new ArrayList<>();
        for (JsonNode n : readJsonl(beirDir.resolve("corpus.jsonl"))) {
            out.add(new Document(n.path("_id").asText(), n.path("title").asText(), n.path("text").asText()));
        }
        return out;
    }

    private static List<JsonNode> readJsonl(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    /**
     * The hand-written file: UTF-8, tab-separated {@code group language type category query}; lines
     * starting with {@code #} and blank lines are comments.
     */
    static List<Handwritten> readHandwritten(Path file) throws IOException {
        List<Handwritten> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IOException(file + ":" + (i + 1) + ": expected 5 tab-separated fields, found " + f.length);
            }
            if (!QueryTypes.LANGUAGES.contains(f[1]) || !QueryTypes.LABELS.contains(f[2]) || f[4].isBlank()) {
                throw new IOException(file + ":" + (i + 1) + ": bad language/type/query: " + line);
            }
            out.add(new Handwritten(f[0], f[1], f[2], f[3], f[4], i + 1));
        }
        return out;
    }
}
