package io.qtp.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.qtp.classify.QueryType;

/**
 * Which strategy and weights each predicted query type gets. The defaults (docs/SEARCH.md): keyword ->
 * weighted 0.2/0.8 (vector/keyword), semantic -> weighted 0.8/0.2, hybrid -> weighted 0.5/0.5. {@code fit-weights}
 * writes a file of the same shape that replaces them:
 * <pre>{"keyword": {"strategy": "weighted", "vectorWeight": 0.2, "keywordWeight": 0.8}, "semantic": {...}, "hybrid": {...}}</pre>
 */
public final class AdaptivePolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<QueryType, StrategyChoice> choices;

    public AdaptivePolicy(Map<QueryType, StrategyChoice> choices) {
        this.choices = new EnumMap<>(choices);
        for (QueryType t : QueryType.values()) {
            if (!this.choices.containsKey(t)) {
                throw new IllegalArgumentException("no strategy for query type " + t.label());
            }
        }
    }

    public static AdaptivePolicy defaults() {
        return new AdaptivePolicy(Map.of(QueryType.KEYWORD, StrategyChoice.weighted(0.2),
                QueryType.SEMANTIC, StrategyChoice.weighted(0.8), QueryType.HYBRID, StrategyChoice.weighted(0.5)));
    }

    public StrategyChoice choose(QueryType type) {
        return choices.get(type);
    }

    public static AdaptivePolicy read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        Map<QueryType, StrategyChoice> m = new EnumMap<>(QueryType.class);
        for (QueryType t : QueryType.values()) {
            JsonNode n = root.path(t.label());
            if (!n.isObject()) {
                throw new IOException(file + ": no entry for query type " + t.label());
            }
            try {
                m.put(t, new StrategyChoice(Strategy.fromLabel(n.path("strategy").asText()),
                        n.path("vectorWeight").asDouble(Double.NaN), n.path("keywordWeight").asDouble(Double.NaN)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + t.label() + ": " + e.getMessage(), e);
            }
        }
        return new AdaptivePolicy(m);
    }

    public void write(Path file, String comment) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("_comment", comment);
        for (QueryType t : QueryType.values()) {
            StrategyChoice c = choices.get(t);
            ObjectNode n = root.putObject(t.label());
            n.put("strategy", c.strategy().label());
            n.put("vectorWeight", c.vectorWeight());
            n.put("keywordWeight", c.keywordWeight());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    @Override
    public String toString() {
        return "keyword=" + choices.get(QueryType.KEYWORD) + " semantic=" + choices.get(QueryType.SEMANTIC)
                + " hybrid=" + choices.get(QueryType.HYBRID);
    }
}
