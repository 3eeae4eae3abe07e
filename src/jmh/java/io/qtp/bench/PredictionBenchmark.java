package io.qtp.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.trained.ModelBundle;
import io.qtp.classify.RuleBasedScorer;

/**
 * In-process cost of one prediction (analysis; + rule scoring; + the bundled trained model) over a mixed
 * Japanese/English query set.
 * Sample-time mode reports the latency distribution (p50, p99) per query; {@code -prof gc} adds allocation
 * per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PredictionBenchmark {

    /** A typical mix: keyword, hybrid and semantic queries in both languages, short and long. */
    static final String[] QUERIES = {
        "PostgreSQL ベクトル検索 インデックス",
        "ニューラルネットワークの学習方法について教えてください",
        "ニューラルネットワーク 学習方法 最適化",
        "梅雨とは何季の一種か?",
        "Dockerコンテナのメモリ制限を設定する方法を教えてください",
        "東京タワーの高さはどれくらいですか",
        "machine learning algorithm comparison",
        "What are the best practices for implementing vector search in PostgreSQL?",
        "machine learning algorithm comparison for image recognition",
        "How do I reset my password",
        "java.lang.OutOfMemoryError heap",
        "\"connection refused\" nginx upstream",
        "kubernetes AND (helm OR kustomize) NOT openshift",
        "debug kubernetes aws on in",
        "explain the difference between TCP and UDP",
        "redis",
    };

    private QueryAnalyzer analyzer;
    private RuleBasedScorer scorer;
    private QueryClassifier model;
    private int next;

    @Setup
    public void setUp() throws Exception {
        analyzer = new QueryAnalyzer();
        scorer = new RuleBasedScorer();
        model = ModelBundle.loadFromClasspath("model/current").classifier();
    }

    private String nextQuery() {
        String q = QUERIES[next];
        next = (next + 1) % QUERIES.length;
        return q;
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
