package io.qtp.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;

import io.qtp.classify.QueryType;

/**
 * Reads labelled queries and splits them.
 *
 * <h2>Files</h2>
 * <ul>
 *   <li><b>JSONL</b> ({@code .jsonl}, {@code .json}): one object per line with {@code query} and {@code type}
 *       (or {@code label}); optional {@code language}, {@code source}, {@code group}, {@code license},
 *       {@code domain}. Blank lines are skipped.
 *   <li><b>CSV</b> ({@code .csv}; {@code .tsv} tab-separated): a header row naming the same columns.
 * </ul>
 * A row with an empty query or an unknown type stops the read with the file and line number.
 *
 * <h2>Splits</h2>
 * <ul>
 *   <li>A <b>directory</b> (such as {@code data/query-types}) must hold {@code train.jsonl}, {@code dev.jsonl} and
 *       {@code test.jsonl}: the committed, group-aware split is used as is.
 *   <li>A <b>file</b> is split 70/15/15, stratified and seeded: the unit is a group (all rows with the same
 *       {@code group}; a row without one is its own unit), the stratum is the unit's language and sorted set of
 *       types; within a stratum the units keep file order, are shuffled with {@code java.util.Random(seed)} and the
 *       first 70 % go to train, the next 15 % to dev, the rest to test.
 * </ul>
 * The training-data checksum is the SHA-256 of the bytes of the files used, concatenated in the order train, dev,
 * test (for a single file: that file), i.e. {@code cat train.jsonl dev.jsonl test.jsonl | sha256sum}.
 */
public final class DataFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DataFiles() {
    }

    /** The three splits and the files they came from. */
    public record Splits(List<LabelledQuery> train, List<LabelledQuery> dev, List<LabelledQuery> test,
                         List<Path> files, String description) {

        /** SHA-256 hex of the files' bytes concatenated in order. */
        public String checksum() throws IOException {
            MessageDigest md = sha256();
            for (Path f : files) {
                md.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    /** Loads a directory's committed split, or splits a single file (see the class comment). */
    public static Splits load(Path data, long seed) throws IOException {
        if (Files.isDirectory(data)) {
            Path train = data.resolve("train.jsonl");
            Path dev = data.resolve("dev.jsonl");
            Path test = data.resolve("test.jsonl");
            for (Path p : List.of(train, dev, test)) {
                if (!Files.isRegularFile(p)) {
                    throw new IOException("data directory " + data + " has no " + p.getFileName()
                            + " (expected train.jsonl, dev.jsonl, test.jsonl; or pass one labelled file)");
                }
            }
            return new Splits(read(train), read(dev), read(test), List.of(train, dev, test),
                    "the committed split of " + name(data) + "/ (train.jsonl, dev.jsonl, test.jsonl)");
        }
        List<LabelledQuery> all = read(data);
        List<List<LabelledQuery>> parts = split(all, seed);
        return new Splits(parts.get(0), parts.get(1), parts.get(2), List.of(data),
                "a stratified 70/15/15 split of " + name(data) + " (seed " + seed + ")");
    }

    /** The last element of a path: descriptions that end up in metadata do not depend on where the data is. */
    private static String name(Path p) {
        Path n = p.toAbsolutePath().normalize().getFileName();
        return n == null ? p.toString() : n.toString();
    }

    /** Reads one JSONL or CSV/TSV file. */
    public static List<LabelledQuery> read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return readCsv(file, ',');
        }
        if (name.endsWith(".tsv")) {
            return readCsv(file, '\t');
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return readJsonl(file);
        }
        throw new IOException("unsupported data file " + file + ": expected .jsonl or .csv (or .tsv)");
    }

    private static List<LabelledQuery> readJsonl(Path file) throws IOException {
        List<LabelledQuery> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IOException(file + ":" + n + ": not a JSON object: " + e.getMessage(), e);
                }
                if (o == null || !o.isObject()) {
                    throw new IOException(file + ":" + n + ": not a JSON object");
                }
                rows.add(row(file, n, text(o, "query"), text(o, "type") != null ? text(o, "type") : text(o, "label"),
                        text(o, "language"), text(o, "source"), text(o, "group"), text(o, "license"),
                        text(o, "domain")));
            }
        }
        return rows;
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<LabelledQuery> readCsv(Path file, char separator) throws IOException {
        List<String[]> lines;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVReader csv = new com.opencsv.CSVReaderBuilder(r)
                     .withCSVParser(new com.opencsv.CSVParserBuilder().withSeparator(separator).build()).build()) {
            lines = csv.readAll();
        } catch (CsvException e) {
            throw new IOException(file + ": malformed CSV: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> column = new LinkedHashMap<>();
        String[] header = lines.get(0);
        for (int i = 0; i < header.length; i++) {
            column.put(header[i].strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT), i);
        }
        Integer q = column.get("query");
        Integer t = column.containsKey("type") ? column.get("type") : column.get("label");
        if (q == null || t == null) {
            throw new IOException(file + ": the header must name the columns query and type (or label), found "
                    + column.keySet());
        }
        List<LabelledQuery> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String[] l = lines.get(n);
            if (l.length == 1 && l[0].isBlank()) {
                continue;
            }
            rows.add(row(file, n + 1, cell(l, q), cell(l, t), cell(l, column.get("language")),
                    cell(l, column.get("source")), cell(l, column.get("group")),
                    cell(l, column.containsKey("license") ? column.get("license") : column.get("licence")),
                    cell(l, column.get("domain"))));
        }
        return rows;
    }

    private static String cell(String[] line, Integer i) {
        return i == null || i >= line.length ? null : line[i];
    }

    private static LabelledQuery row(Path file, int line, String query, String type, String language, String source,
                                     String group, String license, String domain) throws IOException {
        if (query == null || query.isBlank()) {
            throw new IOException(file + ":" + line + ": empty query");
        }
        QueryType t;
        try {
            t = QueryType.fromLabel(type);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ":" + line + ": unknown type '" + type + "' (expected keyword, semantic or hybrid)");
        }
        String lang = language == null || language.isBlank() ? null : language.strip().toLowerCase(Locale.ROOT);
        return new LabelledQuery(query.strip(), t, lang, blankToNull(source), blankToNull(group), blankToNull(license),
                blankToNull(domain));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The stratified, seeded, group-aware 70/15/15 split of the class comment. */
    static List<List<LabelledQuery>> split(List<LabelledQuery> rows, long seed) {
        Map<String, List<LabelledQuery>> units = new LinkedHashMap<>();
        int anonymous = 0;
        for (LabelledQuery r : rows) {
            String key = r.group() != null ? "g:" + r.group() : "r:" + anonymous++;
            units.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        Map<String, List<List<LabelledQuery>>> strata = new LinkedHashMap<>();
        for (List<LabelledQuery> unit : units.values()) {
            strata.computeIfAbsent(stratum(unit), k -> new ArrayList<>()).add(unit);
        }
        List<LabelledQuery> train = new ArrayList<>();
        List<LabelledQuery> dev = new ArrayList<>();
        List<LabelledQuery> test = new ArrayList<>();
        Random random = new Random(seed);
        for (List<List<LabelledQuery>> s : strata.values()) {
            java.util.Collections.shuffle(s, random);
            int n = s.size();
            int trainEnd = (int) Math.round(n * 0.70);
            int devEnd = (int) Math.round(n * 0.85);
            for (int i = 0; i < n; i++) {
                (i < trainEnd ? train : i < devEnd ? dev : test).addAll(s.get(i));
            }
        }
        return List.of(train, dev, test);
    }

    private static String stratum(List<LabelledQuery> unit) {
        java.util.TreeSet<String> types = new java.util.TreeSet<>();
        String language = unit.get(0).language();
        for (LabelledQuery r : unit) {
            types.add(r.type().label());
        }
        return language + "|" + String.join(",", types);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
