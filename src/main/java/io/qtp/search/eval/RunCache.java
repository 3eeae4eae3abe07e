package io.qtp.search.eval;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.qtp.classify.QueryType;
import io.qtp.search.CandidateLists;
import io.qtp.search.Hit;
import io.qtp.search.TermStatistics;

/**
 * The prepared runs of a split (candidates, signals, predicted types), kept in a file named by the SHA-256 of
 * everything they depend on (the corpus, queries and qrels checksums, the split and options, the indexing version, the
 * embedding provider, the type model, the depth and the signal names): {@code fit-weights}, {@code fit-fusion} and
 * {@code evaluate-search} over the same split embed and fetch once. A changed input is a different key, so a stale
 * cache is never read; {@code --cache none} turns it off. Gzipped JSON lines; written to a temporary file, then moved.
 */
final class RunCache {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    private RunCache(Path dir) {
        this.dir = dir;
    }

    static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "qtp-search-eval-cache");
    }

    static RunCache at(String dir) {
        return "none".equals(dir) ? new RunCache(null) : new RunCache(Path.of(dir));
    }

    private Path file(String key) {
        return dir.resolve(SearchEvaluation.sha256(key) + ".jsonl.gz");
    }

    /** The cached runs of this key, or null. */
    List<SearchEvaluation.Run> read(String key) throws IOException {
        if (dir == null || !Files.isRegularFile(file(key))) {
            return null;
        }
        List<SearchEvaluation.Run> runs = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file(key))), StandardCharsets.UTF_8))) {
            String first = r.readLine();
            if (first == null || !JSON.readTree(first).path("key").asText().equals(key)) {
                return null; // a hash collision or a foreign file: ignore it
            }
            for (String line; (line = r.readLine()) != null;) {
                runs.add(run(JSON.readTree(line)));
            }
        }
        return runs;
    }

    void write(String key, List<SearchEvaluation.Run> runs, PrintStream out) throws IOException {
        if (dir == null) {
            return;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "runs", ".tmp");
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(tmp)), StandardCharsets.UTF_8))) {
            w.write(JSON.writeValueAsString(JSON.createObjectNode().put("key", key)));
            w.newLine();
            for (SearchEvaluation.Run run : runs) {
                w.write(JSON.writeValueAsString(json(run)));
                w.newLine();
            }
        }
        Files.move(tmp, file(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.printf("runs cached in %s%n", file(key));
    }

    @Override
    public String toString() {
        return dir == null ? "(off)" : dir.toString();
    }

    private static ObjectNode json(SearchEvaluation.Run r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("query", r.queryId()).put("group", r.group()).put("variant", r.variant()).put("text", r.text())
                .put("predicted", r.predicted().label());
        ObjectNode q = n.putObject("qrels");
        r.qrels().forEach(q::put);
        hits(n.putArray("keyword"), r.candidates().keyword());
        hits(n.putArray("vector"), r.candidates().vector());
        ObjectNode s = n.putObject("scores");
        r.candidates().scores().forEach((id, v) -> s.putArray(id).add(v[0]).add(v[1]));
        TermStatistics t = r.candidates().terms();
        ArrayNode lex = n.putArray("lexemes");
        t.lexemes().forEach(lex::add);
        ArrayNode df = n.putArray("df");
        for (int x : t.df()) {
            df.add(x);
        }
        n.put("documents", t.documents());
        ArrayNode sig = n.putArray("signals");
        for (double v : r.signals()) {
            sig.add(v);
        }
        return n;
    }

    private static void hits(ArrayNode a, List<Hit> hits) {
        for (Hit h : hits) {
            a.addArray().add(h.id()).add(h.score());
        }
    }

    private static SearchEvaluation.Run run(JsonNode n) {
        Map<String, Integer> qrels = new LinkedHashMap<>();
        n.path("qrels").fields().forEachRemaining(e -> qrels.put(e.getKey(), e.getValue().asInt()));
        Map<String, double[]> scores = new HashMap<>();
        n.path("scores").fields().forEachRemaining(e -> scores.put(e.getKey(),
                new double[] {e.getValue().get(0).asDouble(), e.getValue().get(1).asDouble()}));
        List<String> lexemes = new ArrayList<>();
        n.path("lexemes").forEach(x -> lexemes.add(x.asText()));
        int[] df = new int[n.path("df").size()];
        for (int i = 0; i < df.length; i++) {
            df[i] = n.path("df").get(i).asInt();
        }
        double[] signals = new double[n.path("signals").size()];
        for (int i = 0; i < signals.length; i++) {
            signals[i] = n.path("signals").get(i).asDouble();
        }
        CandidateLists c = new CandidateLists(hits(n.path("keyword")), hits(n.path("vector")), scores,
                new TermStatistics(lexemes, df, n.path("documents").asLong()));
        return new SearchEvaluation.Run(n.path("query").asText(), n.path("group").asText(), n.path("variant").asText(),
                n.path("text").asText(), QueryType.fromLabel(n.path("predicted").asText()), qrels, c, signals);
    }

    private static List<Hit> hits(JsonNode a) {
        List<Hit> out = new ArrayList<>(a.size());
        a.forEach(h -> out.add(new Hit(h.get(0).asText(), h.get(1).asDouble())));
        return out;
    }
}
