package io.qtp.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;

/**
 * Runs a classifier over analysed rows and collects what the report shows: metrics overall, per language and per
 * source, the individual outcomes (for the error lists) and the inference time.
 */
public final class Evaluation {

    private Evaluation() {
    }

    /** A labelled row with its analysis; {@code language} is the file's language, else the analyser's. */
    public record Row(LabelledQuery query, QueryAnalysis analysis, String language) {
    }

    /** One classified row. */
    public record Scored(Row row, Prediction prediction) {
        public Metrics.Outcome outcome() {
            return new Metrics.Outcome(row.query().type(), prediction);
        }
    }

    /**
     * Per-query inference time, analysis plus classification, single thread, after warm-up.
     *
     * @param meanMicros      mean of analysis + classification
     * @param p99Micros       99th percentile of analysis + classification
     * @param modelMeanMicros mean of the classification alone (encoding + model)
     */
    public record Timing(double meanMicros, double p99Micros, double modelMeanMicros) {
    }

    /** What one classifier did on one split. */
    public record Result(List<Scored> scored, Metrics overall, Map<String, Metrics> perLanguage,
                         Map<String, Metrics> perSource) {

        /** The metrics of the rows that match (e.g. one source). */
        public Result where(java.util.function.Predicate<Scored> filter) {
            return summarise(scored.stream().filter(filter).toList());
        }

        /** The rows whose truth and prediction are the given types. */
        public List<Scored> confusions(io.qtp.classify.QueryType truth, io.qtp.classify.QueryType predicted) {
            List<Scored> out = new ArrayList<>();
            for (Scored s : scored) {
                if (s.row().query().type() == truth && s.prediction().type() == predicted) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    /** Analyses rows (the analysis is shared by every candidate). */
    public static List<Row> analyse(QueryAnalyzer analyzer, List<LabelledQuery> rows) {
        List<Row> out = new ArrayList<>(rows.size());
        for (LabelledQuery q : rows) {
            QueryAnalysis a = analyzer.analyze(q.query());
            out.add(new Row(q, a, q.language() != null ? q.language() : a.language().code()));
        }
        return out;
    }

    /** Classifies every row and computes the metrics. */
    public static Result evaluate(QueryClassifier classifier, List<Row> rows) {
        List<Scored> scored = new ArrayList<>(rows.size());
        for (Row r : rows) {
            scored.add(new Scored(r, classifier.classify(r.analysis())));
        }
        return summarise(scored);
    }

    static Result summarise(List<Scored> scored) {
        List<Metrics.Outcome> all = new ArrayList<>(scored.size());
        Map<String, List<Metrics.Outcome>> byLanguage = new TreeMap<>();
        Map<String, List<Metrics.Outcome>> bySource = new TreeMap<>();
        for (Scored s : scored) {
            Metrics.Outcome o = s.outcome();
            all.add(o);
            byLanguage.computeIfAbsent(s.row().language(), k -> new ArrayList<>()).add(o);
            String source = s.row().query().source();
            if (source != null) {
                bySource.computeIfAbsent(source, k -> new ArrayList<>()).add(o);
            }
        }
        Map<String, Metrics> perLanguage = new TreeMap<>();
        byLanguage.forEach((k, v) -> perLanguage.put(k, Metrics.of(v)));
        Map<String, Metrics> perSource = new TreeMap<>();
        bySource.forEach((k, v) -> perSource.put(k, Metrics.of(v)));
        return new Result(List.copyOf(scored), Metrics.of(all), perLanguage, perSource);
    }

    /**
     * Times analysis + classification of each query, single-threaded: one untimed pass to warm the JIT up, then
     * one timed pass.
     */
    public static Timing time(QueryAnalyzer analyzer, QueryClassifier classifier, List<String> queries) {
        if (queries.isEmpty()) {
            return new Timing(0, 0, 0);
        }
        int warmups = Math.max(1, 2000 / queries.size()); // at least one pass and ~2,000 calls before measuring
        long sink = 0;
        for (int w = 0; w < warmups; w++) {
            for (String q : queries) {
                sink += classifier.classify(analyzer.analyze(q)).type().ordinal();
            }
        }
        long[] total = new long[queries.size()];
        long modelSum = 0;
        for (int i = 0; i < queries.size(); i++) {
            long t0 = System.nanoTime();
            QueryAnalysis a = analyzer.analyze(queries.get(i));
            long t1 = System.nanoTime();
            sink += classifier.classify(a).type().ordinal();
            long t2 = System.nanoTime();
            total[i] = t2 - t0;
            modelSum += t2 - t1;
        }
        if (sink == Long.MIN_VALUE) {
            System.err.print(""); // keeps the results observable so that the JIT cannot drop the calls
        }
        Arrays.sort(total);
        double mean = Arrays.stream(total).average().orElse(0) / 1000.0;
        int p99Index = Math.min(total.length - 1, (int) Math.ceil(total.length * 0.99) - 1);
        return new Timing(mean, total[p99Index] / 1000.0, modelSum / 1000.0 / queries.size());
    }
}
