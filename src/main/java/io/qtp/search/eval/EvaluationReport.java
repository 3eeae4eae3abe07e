package io.qtp.search.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import io.qtp.classify.QueryType;
import io.qtp.search.AdaptivePolicy;
import io.qtp.search.Fusion;
import io.qtp.search.Hit;
import io.qtp.search.StrategyChoice;
import io.qtp.search.eval.SearchEvaluation.Run;
import io.qtp.search.fusion.FusionArtifact;
import io.qtp.search.fusion.FusionTrainer;

/**
 * The table of {@code evaluate-search}: nDCG@10 and Recall@100 of every fixed grid choice, the type-adaptive
 * policies, the learned fusion and the per-query oracle, per variant and mixed; then each adaptive and learned row
 * against the best fixed choice: the paired difference, its 95 % interval, and the share of the gap between the best
 * fixed choice and the oracle it captures.
 *
 * <p>Everything fitted is reported <b>cross-fitted</b>: the groups (a claim with its variants, an article with its
 * questions) are dealt into k folds ({@link Folds}), and each run is scored by a model fitted on the other folds only.
 */
final class EvaluationReport {

    static final String LEARNED = "learned, k-fold cross-fitted";
    static final String LEARNED_NO_SIGNALS = "learned without signals (ablation), k-fold";
    static final String LEARNED_TREES = "learned trees, k-fold cross-fitted";
    static final String ORACLE = "oracle (per-query best of the grid)";

    private EvaluationReport() {
    }

    /** A row of the table: a name and, per run, the (nDCG@10, Recall@100) it scored. */
    record Row(String name, double[][] perRun) {

        double mean(List<Run> runs, Predicate<Run> which) {
            double s = 0;
            int k = 0;
            for (int i = 0; i < runs.size(); i++) {
                if (which.test(runs.get(i))) {
                    s += perRun[i][0];
                    k++;
                }
            }
            return s / Math.max(1, k);
        }
    }

    static void report(List<Run> runs, AdaptivePolicy fromFile, FusionArtifact fusionFile, int k, long seed,
            boolean trees, PrintStream out) {
        List<Row> rows = new ArrayList<>();
        for (StrategyChoice g : SearchEvaluation.GRID) {
            rows.add(row(g.toString(), runs, r -> r.ndcg(g), r -> r.recall(g)));
        }
        int fixedRows = rows.size();
        AdaptivePolicy defaults = AdaptivePolicy.defaults();
        rows.add(choice("adaptive, SPEC defaults", runs, r -> defaults.choose(r.predicted())));
        if (fromFile != null) {
            rows.add(choice("adaptive, weights file", runs, r -> fromFile.choose(r.predicted())));
        }
        Folds folds = new Folds(runs.stream().map(Run::group).toList(), k, seed);
        List<AdaptivePolicy> policies = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int fold = f;
            policies.add(SearchEvaluation.fitPolicy(folds.training(runs, fold)));
        }
        rows.add(choice("adaptive, k-fold cross-fitted", runs, r -> policies.get(folds.fold(r.group())).choose(r.predicted())));
        rows.add(learned(LEARNED, FusionTrainer.Kind.LINEAR, runs, folds, seed, out));
        rows.add(learned(LEARNED_NO_SIGNALS, FusionTrainer.Kind.LINEAR_NO_SIGNALS, runs, folds, seed, out));
        if (trees) {
            rows.add(learned(LEARNED_TREES, FusionTrainer.Kind.TREES, runs, folds, seed, out));
        }
        if (fusionFile != null) {
            rows.add(ranked("fusion file " + fusionFile.version() + " (as the service)", runs, r -> fusionFile
                    .fixedFor(FitFusion.languageOf(r)).map(c -> Fusion.rank(r.candidates(), c, SearchEvaluation.DEPTH))
                    .orElseGet(() -> fusionFile.fusion().rank(r.candidates(), r.signals(), SearchEvaluation.DEPTH).hits())));
        }
        double[][] oracle = new double[runs.size()][2];
        for (int i = 0; i < runs.size(); i++) {
            for (int g = 0; g < fixedRows; g++) {
                oracle[i][0] = Math.max(oracle[i][0], rows.get(g).perRun()[i][0]);
                oracle[i][1] = Math.max(oracle[i][1], rows.get(g).perRun()[i][1]);
            }
        }
        rows.add(new Row(ORACLE, oracle));
        table(runs, rows, out);

        out.println();
        for (String subset : List.of("mixed", "original")) {
            Predicate<Run> which = r -> subset.equals("mixed") || r.variant().equals(subset);
            if (runs.stream().noneMatch(which)) {
                continue;
            }
            Row best = rows.get(0);
            for (int g = 1; g < fixedRows; g++) {
                if (rows.get(g).mean(runs, which) > best.mean(runs, which)) {
                    best = rows.get(g);
                }
            }
            double bestMean = best.mean(runs, which);
            double gap = rows.get(rows.size() - 1).mean(runs, which) - bestMean;
            out.printf(Locale.ROOT, "%s (%d runs): best fixed %s, nDCG@10 %.6f; oracle %.6f (gap %.4f)%n", subset,
                    runs.stream().filter(which).count(), best.name(), bestMean, bestMean + gap, gap);
            for (Row row : rows) {
                if (row.name().startsWith("adaptive") || row.name().startsWith("learned") || row.name().startsWith("fusion file")) {
                    Paired p = paired(runs, which, row, best, Run::queryId);
                    Paired byGroup = paired(runs, which, row, best, Run::group);
                    out.printf(Locale.ROOT, "  %-44s %+.4f (95%% CI %+.4f .. %+.4f over %d queries; %+.4f .. %+.4f over"
                            + " %d groups), %.1f %% of the gap%n", row.name(), p.mean, p.low(), p.high(), p.n,
                            byGroup.low(), byGroup.high(), byGroup.n, gap > 0 ? 100 * p.mean / gap : 0);
                }
            }
        }
        out.println("predicted types per variant:");
        for (String v : SearchEvaluation.VARIANTS) {
            Map<QueryType, Long> counts = new LinkedHashMap<>();
            for (QueryType t : QueryType.values()) {
                counts.put(t, runs.stream().filter(r -> r.variant().equals(v) && r.predicted() == t).count());
            }
            out.println("  " + v + ": " + counts);
        }
        for (int f = 0; f < k; f++) {
            out.println("adaptive fitted without fold " + f + ": " + policies.get(f));
        }
        if (fromFile != null) {
            out.println("weights file: " + fromFile);
        }
    }

    /** A paired difference of nDCG@10, averaged per unit (query or group), with a normal 95 % interval. */
    record Paired(double mean, double half, int n) {
        double low() {
            return mean - half;
        }

        double high() {
            return mean + half;
        }
    }

    static Paired paired(List<Run> runs, Predicate<Run> which, Row a, Row b, Function<Run, String> unit) {
        Map<String, double[]> by = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            if (which.test(r)) {
                double[] acc = by.computeIfAbsent(unit.apply(r), x -> new double[2]);
                acc[0] += a.perRun()[i][0] - b.perRun()[i][0];
                acc[1]++;
            }
        }
        double[] d = by.values().stream().mapToDouble(x -> x[0] / x[1]).toArray();
        double m = java.util.Arrays.stream(d).average().orElse(0);
        double var = java.util.Arrays.stream(d).map(x -> (x - m) * (x - m)).sum() / Math.max(1, d.length - 1);
        return new Paired(m, 1.96 * Math.sqrt(var / Math.max(1, d.length)), d.length);
    }

    private static Row learned(String name, FusionTrainer.Kind kind, List<Run> runs, Folds folds, long seed,
            PrintStream out) {
        long start = System.nanoTime();
        List<FusionTrainer.Ranker> models = new ArrayList<>();
        for (int f = 0; f < folds.k(); f++) {
            int fold = f;
            models.add(FusionTrainer.fit(kind, queries(folds.training(runs, fold)), seed));
        }
        Row row = ranked(name, runs, r -> models.get(folds.fold(r.group())).rank(r.candidates(), r.signals(),
                SearchEvaluation.DEPTH));
        out.printf(Locale.ROOT, "%s: %d folds fitted and scored in %.1f s%n", name, folds.k(), (System.nanoTime() - start) / 1e9);
        return row;
    }

    static List<FusionTrainer.Query> queries(List<Run> runs) {
        return runs.stream().map(r -> new FusionTrainer.Query(r.candidates(), r.signals(), r.qrels())).toList();
    }

    private static Row choice(String name, List<Run> runs, Function<Run, StrategyChoice> choose) {
        return row(name, runs, r -> r.ndcg(choose.apply(r)), r -> r.recall(choose.apply(r)));
    }

    private static Row ranked(String name, List<Run> runs, Function<Run, List<Hit>> rank) {
        double[][] m = new double[runs.size()][2];
        for (int i = 0; i < runs.size(); i++) {
            List<Hit> hits = rank.apply(runs.get(i));
            m[i][0] = runs.get(i).ndcg(hits);
            m[i][1] = runs.get(i).recall(hits);
        }
        return new Row(name, m);
    }

    private static Row row(String name, List<Run> runs, java.util.function.ToDoubleFunction<Run> ndcg,
            java.util.function.ToDoubleFunction<Run> recall) {
        double[][] m = new double[runs.size()][2];
        for (int i = 0; i < runs.size(); i++) {
            m[i][0] = ndcg.applyAsDouble(runs.get(i));
            m[i][1] = recall.applyAsDouble(runs.get(i));
        }
        return new Row(name, m);
    }

    private static void table(List<Run> runs, List<Row> rows, PrintStream out) {
        List<String> groups = new ArrayList<>();
        for (String v : SearchEvaluation.VARIANTS) {
            if (runs.stream().anyMatch(r -> r.variant().equals(v))) {
                groups.add(v);
            }
        }
        if (groups.size() > 1) {
            groups.add("mixed");
        }
        out.println();
        StringBuilder head = new StringBuilder(String.format("| %-44s |", "strategy"));
        StringBuilder rule = new StringBuilder("|---|");
        for (String g : groups) {
            long n = runs.stream().filter(r -> g.equals("mixed") || r.variant().equals(g)).count();
            head.append(String.format(" %s nDCG@10 | %s R@100 |", g + " (" + n + ")", g));
            rule.append("---:|---:|");
        }
        out.println(head);
        out.println(rule);
        for (Row row : rows) {
            StringBuilder sb = new StringBuilder(String.format("| %-44s |", row.name()));
            for (String g : groups) {
                double n = 0, r = 0;
                int k = 0;
                for (int i = 0; i < runs.size(); i++) {
                    if (g.equals("mixed") || runs.get(i).variant().equals(g)) {
                        n += row.perRun()[i][0];
                        r += row.perRun()[i][1];
                        k++;
                    }
                }
                sb.append(String.format(Locale.ROOT, " %.4f | %.4f |", n / Math.max(1, k), r / Math.max(1, k)));
            }
            out.println(sb);
        }
    }
}
