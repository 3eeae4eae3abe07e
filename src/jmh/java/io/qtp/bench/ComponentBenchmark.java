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

import io.qtp.analysis.Language;
import io.qtp.analysis.LanguageDetector;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.RuleBasedScorer;
import io.qtp.classify.trained.ModelBundle;
import io.qtp.classify.trained.TrainedClassifier;

/**
 * The parts of a prediction, each on its own: language detection, analysis per language, and each classifier
 * on queries analysed beforehand. {@link PredictionBenchmark} measures the whole path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ComponentBenchmark {

    private QueryAnalyzer analyzer;
    private String[] japanese;
    private String[] english;
    private QueryAnalysis[] analysed;
    private QueryClassifier rules;
    private TrainedClassifier model;
    private int next;

    @Setup
    public void setUp() throws Exception {
        analyzer = new QueryAnalyzer();
        java.util.List<String> ja = new java.util.ArrayList<>();
        java.util.List<String> en = new java.util.ArrayList<>();
        for (String q : PredictionBenchmark.QUERIES) {
            (LanguageDetector.detect(q) == Language.JA ? ja : en).add(q);
        }
        japanese = ja.toArray(String[]::new);
        english = en.toArray(String[]::new);
        analysed = new QueryAnalysis[PredictionBenchmark.QUERIES.length];
        for (int i = 0; i < analysed.length; i++) {
            analysed[i] = analyzer.analyze(PredictionBenchmark.QUERIES[i]);
        }
        rules = new RuleBasedScorer();
        model = ModelBundle.loadFromClasspath("model/current").classifier();
    }

    private int step(int n) {
        next = (next + 1) % n;
        return next;
    }

    @Benchmark
    public Language detectLanguage() {
        return LanguageDetector.detect(PredictionBenchmark.QUERIES[step(PredictionBenchmark.QUERIES.length)]);
    }

    @Benchmark
    public QueryAnalysis analyzeJapanese() {
        return analyzer.analyze(japanese[step(japanese.length)]);
    }

    @Benchmark
    public QueryAnalysis analyzeEnglish() {
        return analyzer.analyze(english[step(english.length)]);
    }

    /** The simplified English analysis of degraded mode (LexiconTagger instead of OpenNLP's POS tagger). */
    @Benchmark
    public QueryAnalysis analyzeEnglishLight() {
        return analyzer.analyzeLight(english[step(english.length)]);
    }

    @Benchmark
    public Prediction classifyWithRules() {
        return rules.classify(analysed[step(analysed.length)]);
    }

    /** The trained model as the service runs it (compiled linear form, see CompiledLinearModel). */
    @Benchmark
    public Prediction classifyWithModel() {
        return model.classify(analysed[step(analysed.length)]);
    }

    /** The same model through Tribuo's own predict (named features, feature-map look-ups): the reference. */
    @Benchmark
    public Prediction classifyWithModelThroughTribuo() {
        return model.classifyWithTribuo(analysed[step(analysed.length)]);
    }
}
