package io.qtp.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.RuleBasedScorer;

/**
 * In-process cost of one prediction (analysis; + rule scoring; + the bundled trained model) over the mixed
 * Japanese/English {@linkplain #QUERIES query set}.
 * Sample-time mode reports the latency distribution (p50, p99) per query; {@code -prof gc} adds allocation
 * per operation.
 */
public class PredictionBenchmark extends QueryMixBenchmark {

    private QueryAnalyzer analyzer;
    private RuleBasedScorer scorer;
    private QueryClassifier model;

    @Setup
    public void setUp() throws Exception {
        analyzer = new QueryAnalyzer();
        scorer = new RuleBasedScorer();
        model = bundledModel().classifier();
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
}
