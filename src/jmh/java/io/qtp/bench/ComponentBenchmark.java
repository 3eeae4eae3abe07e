package io.qtp.bench;

import java.util.Arrays;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import io.qtp.analysis.Language;
import io.qtp.analysis.LanguageDetector;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.RuleBasedScorer;
import io.qtp.classify.trained.TrainedClassifier;

/**
 * The parts of a prediction, each on its own: language detection, analysis per language, and each classifier
 * on queries analysed beforehand. {@link PredictionBenchmark} measures the whole path.
 */
public class ComponentBenchmark extends QueryMixBenchmark {

    private QueryAnalyzer analyzer;
    private String[] japanese;
    private String[] english;
    private QueryAnalysis[] analysed;
    private QueryClassifier rules;
    private TrainedClassifier model;

    @Setup
    public void setUp() throws Exception {
        analyzer = new QueryAnalyzer();
        japanese = Arrays.stream(QUERIES).filter(q -> LanguageDetector.detect(q) == Language.JA).toArray(String[]::new);
        english = Arrays.stream(QUERIES).filter(q -> LanguageDetector.detect(q) == Language.EN).toArray(String[]::new);
        analysed = Arrays.stream(QUERIES).map(analyzer::analyze).toArray(QueryAnalysis[]::new);
        rules = new RuleBasedScorer();
        model = bundledModel().classifier();
    }

    @Benchmark
    public Language detectLanguage() {
        return LanguageDetector.detect(QUERIES[step(QUERIES.length)]);
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
