package io.qtp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.RuleBasedScorer;

/**
 * In-process cost of one prediction (analysis; + rule scoring; + the bundled trained model) over the mixed
 * Japanese/English {@linkplain #QUERIES query set}, and over the 1,541 hand-written test queries
 * ({@link #predictHandWrittenQueries}): each of those is seen once per 1,541 operations, as a server sees mostly new
 * queries, so the models' data is not all in the processor's caches as it is for 16 queries asked in turn.
 * Sample-time mode reports the latency distribution (p50, p99) per query; {@code -prof gc} adds allocation
 * per operation.
 */
public class PredictionBenchmark extends QueryMixBenchmark {

    private QueryAnalyzer analyzer;
    private RuleBasedScorer scorer;
    private QueryClassifier model;

    private String[] handWritten;
    private int nextHandWritten;

    @Setup
    public void setUp() throws Exception {
        analyzer = new QueryAnalyzer();
        scorer = new RuleBasedScorer();
        model = bundledModel().classifier();
        handWritten = handWrittenTestQueries();
    }

    /** The queries of the hand-written (everyday) rows of data/query-types/test.jsonl, in file order. */
    static String[] handWrittenTestQueries() throws IOException {
        Path file = Path.of("data/query-types/test.jsonl");
        if (!Files.exists(file)) {
            file = Path.of("../data/query-types/test.jsonl"); // exec:exec runs in service/
        }
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode row = json.readTree(line);
            if ("everyday".equals(row.path("source").asText())) {
                out.add(row.path("query").asText());
            }
        }
        if (out.size() < 1_000) {
            throw new IllegalStateException(file + ": expected the hand-written test rows, found " + out.size());
        }
        return out.toArray(new String[0]);
    }

    private String nextQuery() {
        return QUERIES[step(QUERIES.length)];
    }

    @Benchmark
    public QueryAnalysis analyze() {
        return analyzer.analyze(nextQuery());
    }

    @Benchmark
    public Prediction analyzeAndScore() {
        return scorer.classify(analyzer.analyze(nextQuery()));
    }

    /** The service's prediction path: analysis plus the bundled trained model. */
    @Benchmark
    public Prediction analyzeAndPredictWithModel() {
        return model.classify(analyzer.analyze(nextQuery()));
    }

    /** The same path over the hand-written test queries, one after the other (Japanese and English). */
    @Benchmark
    public Prediction predictHandWrittenQueries() {
        nextHandWritten = (nextHandWritten + 1) % handWritten.length;
        return model.classify(analyzer.analyze(handWritten[nextHandWritten]));
    }
}
