package io.qtp.search.fusion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.qtp.analysis.Language;
import io.qtp.search.SearchSql;
import io.qtp.search.Strategy;
import io.qtp.search.StrategyChoice;

/**
 * A fusion model file, written by {@code fit-fusion} and read by the service ({@code SEARCH_FUSION_MODEL}) and by
 * {@code evaluate-search --fusion}: one JSON document.
 *
 * <pre>{
 *   "format": "qtp-fusion-1", "version": "1.0.0", "model": "linear",
 *   "signals": ["p_keyword", ...],  "documentFeatures": ["keyword_minmax", ...],
 *   "keywordRanking": "bm25 k1=0.9 b=0.4 dl=lexemes of ts_rank top 300",
 *   "signalMean": [...], "signalScale": [...], "weights": [[intercept, per signal ...], ...],
 *   "fixed": {"en": {"strategy": "weighted", "vectorWeight": 0.5, "keywordWeight": 0.5}},
 *   "metadata": {"createdAt": ..., "training": {...}, "crossValidation": {...}},
 *   "sha256": "hex of the document without this field"
 * }</pre>
 * {@code fixed} names the languages for which cross-validation found no credible gain of the learned fusion over the
 * best fixed grid choice: their queries are searched with that choice (a language not listed uses the learned
 * fusion). Reading verifies the format, that the signal and feature names are exactly the code's (in order), that the
 * model was fitted on the keyword scores this version computes ({@code keywordRanking}: several signals and document
 * features are keyword scores, so weights fitted on another ranking's scale would be silently wrong; a file without
 * the field was fitted on {@code ts_rank}, before BM25), the shapes, that every number is finite, and the checksum; anything else is an {@link IOException} naming what is wrong, and the
 * caller keeps its other policy.
 */
public final class FusionArtifact {

    public static final String FORMAT = "qtp-fusion-1";
    /** The keyword ranking of files written before the field existed. */
    static final String TS_RANK = "ts_rank(fts, q, 1)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String version;
    private final LinearFusion fusion;
    private final Map<Language, StrategyChoice> fixed;
    private final JsonNode metadata;

    public FusionArtifact(String version, LinearFusion fusion, JsonNode metadata) {
        this(version, fusion, Map.of(), metadata);
    }

    public FusionArtifact(String version, LinearFusion fusion, Map<Language, StrategyChoice> fixed, JsonNode metadata) {
        this.version = version;
        this.fusion = fusion;
        this.fixed = fixed.isEmpty() ? Map.of() : new EnumMap<>(fixed);
        this.metadata = metadata == null ? JSON.createObjectNode() : metadata;
    }

    /** The fixed choice that serves queries of this language instead of the learned fusion, if any. */
    public Optional<StrategyChoice> fixedFor(Language language) {
        return Optional.ofNullable(fixed.get(language));
    }

    public Map<Language, StrategyChoice> fixed() {
        return fixed;
    }

    public String version() {
        return version;
    }

    public LinearFusion fusion() {
        return fusion;
    }

    public JsonNode metadata() {
        return metadata;
    }

    public void write(Path file) throws IOException {
        ObjectNode root = body();
        root.put("sha256", sha256(JSON.writeValueAsBytes(body())));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    private ObjectNode body() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", version);
        root.put("model", "linear");
        ArrayNode s = root.putArray("signals");
        Signal.labels().forEach(s::add);
        ArrayNode f = root.putArray("documentFeatures");
        DocumentFeatures.Feature.labels().forEach(f::add);
        root.put("keywordRanking", SearchSql.KEYWORD_RANKING);
        ArrayNode mean = root.putArray("signalMean");
        for (double v : fusion.signalMean()) {
            mean.add(v);
        }
        ArrayNode scale = root.putArray("signalScale");
        for (double v : fusion.signalScale()) {
            scale.add(v);
        }
        ArrayNode w = root.putArray("weights");
        for (double[] row : fusion.weightRows()) {
            ArrayNode r = w.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        ObjectNode fx = root.putObject("fixed");
        for (Map.Entry<Language, StrategyChoice> e : fixed.entrySet()) {
            fx.putObject(e.getKey().code()).put("strategy", e.getValue().strategy().label())
                    .put("vectorWeight", e.getValue().vectorWeight()).put("keywordWeight", e.getValue().keywordWeight());
        }
        root.set("metadata", metadata);
        return root;
    }

    public static FusionArtifact read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static FusionArtifact read(InputStream in, String name) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new IOException(name + ": not a JSON document (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(name + ": not a fusion model (no JSON object)");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IOException(name + ": format is '" + root.path("format").asText() + "', expected " + FORMAT);
        }
        if (!"linear".equals(root.path("model").asText())) {
            throw new IOException(name + ": model '" + root.path("model").asText() + "' is not supported (linear)");
        }
        requireNames(root, "signals", Signal.labels(), name);
        requireNames(root, "documentFeatures", DocumentFeatures.Feature.labels(), name);
        String ranking = root.path("keywordRanking").asText(TS_RANK);
        if (!SearchSql.KEYWORD_RANKING.equals(ranking)) {
            throw new IOException(name + ": fitted on the keyword scores of '" + ranking + "', this version ranks with '"
                    + SearchSql.KEYWORD_RANKING + "': refit it (fit-fusion)");
        }
        String version = root.path("version").asText("");
        if (version.isBlank()) {
            throw new IOException(name + ": no version");
        }
        ObjectNode body = root.deepCopy();
        String sha = body.path("sha256").asText("");
        body.remove("sha256");
        String actual = sha256(JSON.writeValueAsBytes(body));
        if (!actual.equals(sha)) {
            throw new IOException(name + ": checksum mismatch (sha256 " + actual + ", the file says '" + sha + "')");
        }
        try {
            LinearFusion f = new LinearFusion(numbers(root.path("signalMean"), name), numbers(root.path("signalScale"), name),
                    matrix(root.path("weights"), name));
            Map<Language, StrategyChoice> fx = new EnumMap<>(Language.class);
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) () -> root.path("fixed").fields()) {
                Language l = switch (e.getKey()) {
                    case "en" -> Language.EN;
                    case "ja" -> Language.JA;
                    default -> throw new IllegalArgumentException("fixed: unknown language '" + e.getKey() + "'");
                };
                JsonNode c = e.getValue();
                fx.put(l, new StrategyChoice(Strategy.fromLabel(c.path("strategy").asText()),
                        c.path("vectorWeight").asDouble(Double.NaN), c.path("keywordWeight").asDouble(Double.NaN)));
            }
            return new FusionArtifact(version, f, fx, root.path("metadata"));
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    private static void requireNames(JsonNode root, String field, List<String> expected, String name) throws IOException {
        List<String> found = new ArrayList<>();
        root.path(field).forEach(n -> found.add(n.asText()));
        if (!found.equals(expected)) {
            throw new IOException(name + ": " + field + " " + found + " do not match this version's " + expected
                    + " (refit the model with fit-fusion)");
        }
    }

    private static double[] numbers(JsonNode a, String name) throws IOException {
        if (!a.isArray()) {
            throw new IOException(name + ": expected an array of numbers");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new IOException(name + ": expected a number, found " + a.get(i));
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    private static double[][] matrix(JsonNode a, String name) throws IOException {
        if (!a.isArray()) {
            throw new IOException(name + ": weights must be an array of arrays");
        }
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = numbers(a.get(i), name);
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of a text, hex. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
