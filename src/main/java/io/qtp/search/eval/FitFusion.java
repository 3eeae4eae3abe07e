package io.qtp.search.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.qtp.analysis.Language;
import io.qtp.search.Hit;
import io.qtp.search.StrategyChoice;
import io.qtp.search.eval.SearchEvaluation.Run;
import io.qtp.search.fusion.FusionArtifact;
import io.qtp.search.fusion.FusionTrainer;
import io.qtp.search.fusion.LinearFusion;

/**
 * {@code fit-fusion}: compares the fusion model families by group k-fold cross-validation on the given splits (every
 * query scored by a model that never saw its group), prints the held-out nDCG@10 of each beside the best fixed grid
 * choice and the oracle, per data set, then fits the linear model with signals on all the runs and writes it with its
 * metadata: the signals in order, what it was trained on (with checksums), the cross-validated figures.
 */
final class FitFusion {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FitFusion() {
    }

    static Language languageOf(Run r) {
        return r.signals()[io.qtp.search.fusion.Signal.LANGUAGE_JA.ordinal()] > 0.5 ? Language.JA : Language.EN;
    }

    /** @param sources the runs of each data set, with where they came from and the checksum of their inputs */
    static void fit(List<SearchEvaluation.Prepared> sources, Path file, String version, int k, long seed,
            boolean trees, String embedding, PrintStream out) throws IOException {
        // groups of different data sets must never meet: prefix them with the source
        List<Run> all = new ArrayList<>();
        List<Integer> sourceOf = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            for (Run r : sources.get(s).runs()) {
                all.add(new Run(r.queryId(), s + "/" + r.group(), r.variant(), r.text(), r.predicted(), r.qrels(),
                        r.candidates(), r.signals()));
                sourceOf.add(s);
            }
        }
        Folds folds = new Folds(all.stream().map(Run::group).toList(), k, seed);
        List<FusionTrainer.Kind> kinds = new ArrayList<>(List.of(FusionTrainer.Kind.LINEAR,
                FusionTrainer.Kind.LINEAR_NO_SIGNALS));
        if (trees) {
            kinds.add(FusionTrainer.Kind.TREES);
        }
        double[][] heldOut = new double[kinds.size()][all.size()];
        for (int m = 0; m < kinds.size(); m++) {
            long start = System.nanoTime();
            for (int f = 0; f < k; f++) {
                int fold = f;
                FusionTrainer.Ranker model = FusionTrainer.fit(kinds.get(m), EvaluationReport.queries(folds.training(all, fold)),
                        seed);
                for (int i = 0; i < all.size(); i++) {
                    Run r = all.get(i);
                    if (folds.fold(r.group()) == fold) {
                        List<Hit> hits = model.rank(r.candidates(), r.signals(), SearchEvaluation.DEPTH);
                        heldOut[m][i] = r.ndcg(hits);
                    }
                }
            }
            out.printf(Locale.ROOT, "%s: %d folds in %.1f s%n", kinds.get(m).label(), k, (System.nanoTime() - start) / 1e9);
        }

        ObjectNode cv = JSON.createObjectNode();
        cv.put("folds", k).put("seed", seed).put("by", "group (a claim with its variants, an article with its questions)");
        ArrayNode perSource = cv.putArray("sources");
        out.println();
        out.println("| data | runs | best fixed (grid) | nDCG@10 | " + String.join(" | ", kinds.stream().map(FusionTrainer.Kind::label).toList())
                + " | oracle |");
        out.println("|---|---:|---|---:|" + "---:|".repeat(kinds.size()) + "---:|");
        for (int s = 0; s < sources.size(); s++) {
            int src = s;
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (sourceOf.get(i) == src) {
                    idx.add(i);
                }
            }
            StrategyChoice best = null;
            double bestMean = -1, oracle = 0;
            double[] perRunBest = new double[all.size()];
            for (StrategyChoice g : SearchEvaluation.GRID) {
                double sum = 0;
                for (int i : idx) {
                    double v = all.get(i).ndcg(g);
                    sum += v;
                    perRunBest[i] = Math.max(perRunBest[i], v);
                }
                if (sum / idx.size() > bestMean + 1e-12) {
                    bestMean = sum / idx.size();
                    best = g;
                }
            }
            for (int i : idx) {
                oracle += perRunBest[i];
            }
            oracle /= idx.size();
            ObjectNode n = perSource.addObject();
            n.put("data", sources.get(s).description()).put("runs", idx.size()).put("bestFixed", String.valueOf(best))
                    .put("bestFixedNdcg10", bestMean).put("oracleNdcg10", oracle);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %s | %.4f |",
                    sources.get(s).description(), idx.size(), best, bestMean));
            for (int m = 0; m < kinds.size(); m++) {
                double sum = 0;
                for (int i : idx) {
                    sum += heldOut[m][i];
                }
                double mean = sum / idx.size();
                n.put(kinds.get(m).label() + "Ndcg10", mean);
                line.append(String.format(Locale.ROOT, " %.4f (%+.4f) |", mean, mean - bestMean));
            }
            line.append(String.format(Locale.ROOT, " %.4f |", oracle));
            out.println(line);
        }

        // per language: the learned fusion serves it only when its held-out gain over the best fixed choice is credible
        Map<Language, StrategyChoice> fixed = new EnumMap<>(Language.class);
        ObjectNode gate = cv.putObject("perLanguage");
        for (Language language : Language.values()) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (languageOf(all.get(i)) == language) {
                    idx.add(i);
                }
            }
            if (idx.isEmpty()) {
                continue;
            }
            StrategyChoice best = null;
            double bestMean = -1;
            for (StrategyChoice g : SearchEvaluation.GRID) {
                double mean = idx.stream().mapToDouble(i -> all.get(i).ndcg(g)).average().orElse(0);
                if (mean > bestMean + 1e-12) {
                    bestMean = mean;
                    best = g;
                }
            }
            StrategyChoice b = best;
            Map<String, double[]> byQuery = new LinkedHashMap<>();
            for (int i : idx) {
                double[] acc = byQuery.computeIfAbsent(all.get(i).group() + "/" + all.get(i).queryId(), x -> new double[2]);
                acc[0] += heldOut[0][i] - all.get(i).ndcg(b);
                acc[1]++;
            }
            double[] d = byQuery.values().stream().mapToDouble(x -> x[0] / x[1]).toArray();
            double m = java.util.Arrays.stream(d).average().orElse(0);
            double var = java.util.Arrays.stream(d).map(x -> (x - m) * (x - m)).sum() / Math.max(1, d.length - 1);
            double half = 1.96 * Math.sqrt(var / Math.max(1, d.length));
            boolean learned = m - half > 0;
            if (!learned) {
                fixed.put(language, best);
            }
            gate.putObject(language.code()).put("runs", idx.size()).put("bestFixed", String.valueOf(best))
                    .put("bestFixedNdcg10", bestMean).put("learnedMinusBestFixed", m).put("ci95Low", m - half)
                    .put("ci95High", m + half).put("serves", learned ? "learned" : String.valueOf(best));
            out.printf(Locale.ROOT, "%s: %d runs, linear held-out minus best fixed (%s) %+.4f (95%% CI %+.4f .. %+.4f):"
                    + " %s serves %s queries%n", language.code(), idx.size(), best, m, m - half, m + half,
                    learned ? "the learned fusion" : best.toString(), language.code());
        }

        LinearFusion fusion = FusionTrainer.fitLinear(EvaluationReport.queries(all), true, seed);
        ObjectNode meta = JSON.createObjectNode();
        meta.put("createdAt", Instant.now().toString());
        meta.put("description", "learned per-query fusion: L2-regularised logistic regression (LIBLINEAR through"
                + " Tribuo, C = " + io.qtp.search.fusion.FusionTrainer.COST + ") on the candidates' document features"
                + " and their products with the standardised query signals");
        ObjectNode training = meta.putObject("training");
        ArrayNode data = training.putArray("data");
        for (SearchEvaluation.Prepared p : sources) {
            data.addObject().put("data", p.description()).put("runs", p.runs().size()).put("runsChecksum", p.checksum());
        }
        training.put("runs", all.size());
        training.put("groups", all.stream().map(Run::group).distinct().count());
        training.put("typeModel", SearchTools.classifierIdentity());
        training.put("embedding", embedding);
        training.put("seed", seed);
        training.put("negativeRate", FusionTrainer.NEGATIVE_RATE);
        meta.set("crossValidation", cv);
        new FusionArtifact(version, fusion, fixed, meta).write(file);
        out.println();
        out.println("fit-fusion: the linear model with signals, fitted on all " + all.size() + " runs -> " + file);
    }
}
