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
    static final String EVERYDAY = "everyday";

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

    /** The domains of the everyday rows (docs/LABELLING.md, section 8). */
    static final List<String> DOMAINS = List.of("web", "ecommerce", "developer", "support", "travel", "food", "health",
            "admin", "finance", "academic", "internal", "news");

    /** The first-pass files of the everyday data: {@code <lang>-<writer>.jsonl}, e.g. {@code ja-a.jsonl}. */
    static final java.util.regex.Pattern EVERYDAY_FILE = java.util.regex.Pattern.compile("(ja|en)-[a-z]\\.jsonl");

    /** An everyday row (docs/LABELLING.md, section 8), with the file it came from. */
    record Everyday(String id, String query, String type, String language, String domain, String register,
                    String group, String written, String license, String file) {
    }

    /**
     * The everyday rows: every {@code <lang>-<writer>.jsonl} of the directory (not the second-pass files), in file
     * name order, rows in file order. A row lacking a key, or with an unknown type, language or domain, or a
     * language that is not its file's, stops the read with the file and line.
     */
    static List<Everyday> readEveryday(Path dir) throws IOException {
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> EVERYDAY_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        List<Everyday> out = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String fileLanguage = name.substring(0, 2);
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(lines.get(i));
                String where = name + ":" + (i + 1) + ": ";
                String[] keys = {"id", "query", "type", "language", "domain", "register", "group", "written", "license"};
                String[] v = new String[keys.length];
                for (int k = 0; k < keys.length; k++) {
                    JsonNode x = n.get(keys[k]);
                    if (x == null || !x.isTextual() || x.asText().isBlank()) {
                        throw new IOException(where + "missing or empty key " + keys[k]);
                    }
                    v[k] = x.asText();
                }
                if (!QueryTypes.LABELS.contains(v[2])) {
                    throw new IOException(where + "unknown type " + v[2]);
                }
                if (!v[3].equals(fileLanguage)) {
                    throw new IOException(where + "language " + v[3] + " in a " + fileLanguage + " file");
                }
                if (!DOMAINS.contains(v[4])) {
                    throw new IOException(where + "unknown domain " + v[4]);
                }
                out.add(new Everyday(v[0], v[1].strip(), v[2], v[3], v[4], v[5], v[6], v[7], v[8], name));
            }
        }
        return out;
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
