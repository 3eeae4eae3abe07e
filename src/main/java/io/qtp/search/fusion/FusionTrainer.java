package io.qtp.search.fusion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.VariableIDInfo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.common.liblinear.LibLinearModel;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import io.qtp.search.CandidateLists;
import io.qtp.search.Fusion;
import io.qtp.search.Hit;

/**
 * Fits a fusion model from judged queries with Tribuo: every candidate document of a query is one example, labelled
 * {@code relevant} when the judgements grade it above 0, and a classifier learns which candidates are relevant from
 * their {@link DocumentFeatures} and the query's {@link Signal}s. Ranking by its score is the learned fusion.
 *
 * <ul>
 *   <li>{@link Kind#LINEAR}: L2-regularised logistic regression (LIBLINEAR through Tribuo, C = 1) on the document
 *       features and their products with the standardised signals. Its coefficients are the {@link LinearFusion}: the
 *       weight of feature j for a query is {@code a_j + sum_i b_ji z_i}.
 *   <li>{@link Kind#LINEAR_NO_SIGNALS}: the same on the document features alone: one fixed set of weights for every
 *       query (the ablation that tells what the per-query signals add).
 *   <li>{@link Kind#TREES}: gradient-boosted trees (XGBoost through Tribuo) on the document features and the raw
 *       signals, whose splits can combine them freely. Scored per candidate; used for comparison.
 * </ul>
 * Examples: every judged-relevant candidate and a fixed-rate sample of the others ({@link #forEachExample}); a query
 * none of whose candidates is relevant teaches nothing about order and is left out.
 */
public final class FusionTrainer {

    /** The share of the non-relevant candidates of a query that become training examples. */
    public static final double NEGATIVE_RATE = 0.25;
    static final String RELEVANT = "relevant";
    /** LIBLINEAR's C: the inverse strength of the L2 penalty. */
    public static final double COST = 1.0;
    static final String OTHER = "other";

    /** The model families compared. */
    public enum Kind {
        LINEAR("linear"), LINEAR_NO_SIGNALS("linear-no-signals"), TREES("trees");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One judged query: its candidates, its signals and its judgements (doc id -> grade). */
    public record Query(CandidateLists candidates, double[] signals, Map<String, Integer> qrels) {
    }

    /** A fitted model that ranks a query's candidates. */
    public interface Ranker {
        List<Hit> rank(CandidateLists c, double[] signals, int limit);
    }

    private FusionTrainer() {
    }

    public static Ranker fit(Kind kind, List<Query> queries, long seed) {
        return switch (kind) {
            case LINEAR -> linearRanker(fitLinear(queries, true, seed));
            case LINEAR_NO_SIGNALS -> linearRanker(fitLinear(queries, false, seed));
            case TREES -> fitTrees(queries, seed);
        };
    }

    private static Ranker linearRanker(LinearFusion f) {
        return (c, s, limit) -> f.rank(c, s, limit).hits();
    }

    /** Signal means and scales (population standard deviation; 1 for a constant signal) over the queries. */
    static double[][] standardisation(List<Query> queries) {
        double[] mean = new double[Signal.COUNT], scale = new double[Signal.COUNT];
        for (Query q : queries) {
            for (int i = 0; i < Signal.COUNT; i++) {
                mean[i] += q.signals()[i];
            }
        }
        for (int i = 0; i < Signal.COUNT; i++) {
            mean[i] /= Math.max(1, queries.size());
        }
        for (Query q : queries) {
            for (int i = 0; i < Signal.COUNT; i++) {
                double d = q.signals()[i] - mean[i];
                scale[i] += d * d;
            }
        }
        for (int i = 0; i < Signal.COUNT; i++) {
            double sd = Math.sqrt(scale[i] / Math.max(1, queries.size()));
            scale[i] = sd > 1e-9 ? sd : 1;
        }
        return new double[][] {mean, scale};
    }

    /** The linear fusion, fitted with Tribuo's logistic regression; without signals its signal coefficients are 0. */
    public static LinearFusion fitLinear(List<Query> queries, boolean withSignals, long seed) {
        double[][] st = standardisation(queries);
        double[] mean = st[0], scale = st[1];
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("fusion training candidates", factory), factory);
        String[] names = linearFeatureNames(withSignals);
        for (Query q : queries) {
            double[] z = new double[Signal.COUNT];
            for (int i = 0; i < z.length; i++) {
                z[i] = Math.max(-LinearFusion.CLIP, Math.min(LinearFusion.CLIP, (q.signals()[i] - mean[i]) / scale[i]));
            }
            forEachExample(q, seed, (d, relevant) -> {
                double[] v = new double[names.length];
                int k = 0;
                for (int j = 0; j < DocumentFeatures.COUNT; j++) {
                    v[k++] = d[j];
                    if (withSignals) {
                        for (int i = 0; i < Signal.COUNT; i++) {
                            v[k++] = d[j] * z[i];
                        }
                    }
                }
                data.add(new ArrayExample<>(new Label(relevant ? RELEVANT : OTHER), names, v));
            });
        }
        LibLinearClassificationTrainer trainer = new LibLinearClassificationTrainer(
                new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), COST, 1000, 0.01, seed);
        LibLinearModel<Label> model = (LibLinearModel<Label>) trainer.train(data);
        de.bwaldvogel.liblinear.Model inner = model.getInnerModels().get(0);
        double[] w = inner.getFeatureWeights();
        // a binary LIBLINEAR model has one weight vector, for its first label
        int relevantId = model.getOutputIDInfo().getID(new Label(RELEVANT));
        double sign = (int) inner.getLabels()[0] == relevantId ? 1 : -1;
        ImmutableFeatureMap fm = model.getFeatureIDMap();
        double[][] rows = new double[DocumentFeatures.COUNT][Signal.COUNT + 1];
        for (int j = 0; j < DocumentFeatures.COUNT; j++) {
            rows[j][0] = sign * coefficient(w, fm, base(j));
            if (withSignals) {
                for (int i = 0; i < Signal.COUNT; i++) {
                    rows[j][i + 1] = sign * coefficient(w, fm, product(j, i));
                }
            }
        }
        return new LinearFusion(mean, scale, rows);
    }

    /** The weight LIBLINEAR gave a feature (Tribuo's feature id i is LIBLINEAR's index i + 1); 0 when never seen. */
    private static double coefficient(double[] w, ImmutableFeatureMap fm, String name) {
        VariableInfo info = fm.get(name);
        if (!(info instanceof VariableIDInfo id) || id.getID() >= w.length) {
            return 0;
        }
        return w[id.getID()];
    }

    static String base(int j) {
        return DocumentFeatures.Feature.values()[j].label();
    }

    static String product(int j, int i) {
        return base(j) + "*" + Signal.values()[i].label();
    }

    static String[] linearFeatureNames(boolean withSignals) {
        List<String> n = new ArrayList<>();
        for (int j = 0; j < DocumentFeatures.COUNT; j++) {
            n.add(base(j));
            if (withSignals) {
                for (int i = 0; i < Signal.COUNT; i++) {
                    n.add(product(j, i));
                }
            }
        }
        return n.toArray(String[]::new);
    }

    interface ExampleSink {
        void accept(double[] documentFeatures, boolean relevant);
    }

    /**
     * Calls the sink for the training candidates of the query (none when no candidate is relevant): every relevant
     * candidate, and each other candidate with probability {@value #NEGATIVE_RATE} (seeded). Sampling the negatives at
     * one fixed rate, whatever their rank, is case-control sampling: for logistic regression it moves only the
     * intercept, which a ranking ignores, so no example weights are needed. (Sampling by rank would not be harmless: a
     * model would learn that deep candidates are mostly relevant ones.)
     */
    static void forEachExample(Query q, long seed, ExampleSink sink) {
        DocumentFeatures.Table t = DocumentFeatures.of(q.candidates());
        boolean any = false;
        for (String id : t.ids()) {
            if (q.qrels().getOrDefault(id, 0) > 0) {
                any = true;
                break;
            }
        }
        if (!any) {
            return;
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed ^ t.ids().hashCode());
        for (int k = 0; k < t.ids().size(); k++) {
            boolean relevant = q.qrels().getOrDefault(t.ids().get(k), 0) > 0;
            if (relevant || rnd.nextDouble() < NEGATIVE_RATE) {
                sink.accept(t.features()[k], relevant);
            }
        }
    }

    /** Gradient-boosted trees on the document features and the raw signals. */
    static Ranker fitTrees(List<Query> queries, long seed) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("fusion training candidates", factory), factory);
        String[] names = treeFeatureNames();
        for (Query q : queries) {
            forEachExample(q, seed, (d, relevant) -> data.add(
                    new ArrayExample<>(new Label(relevant ? RELEVANT : OTHER), names, treeRow(d, q.signals()))));
        }
        XGBoostClassificationTrainer trainer = new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE,
                XGBoostTrainer.TreeMethod.HIST, 200, 0.1, 0, 4, 1, 0.8, 1.0, 1.0, 0, 1,
                XGBoostTrainer.LoggingVerbosity.SILENT, seed);
        Model<Label> model = trainer.train(data);
        return (c, signals, limit) -> {
            DocumentFeatures.Table t = DocumentFeatures.of(c);
            List<Example<Label>> rows = new ArrayList<>(t.ids().size());
            for (int k = 0; k < t.ids().size(); k++) {
                rows.add(new ArrayExample<>(factory.getUnknownOutput(), names, treeRow(t.features()[k], signals)));
            }
            List<Prediction<Label>> p = rows.isEmpty() ? List.of() : model.predict(rows);
            Map<String, Double> fused = new HashMap<>();
            for (int k = 0; k < p.size(); k++) {
                Label l = p.get(k).getOutputScores().get(RELEVANT);
                fused.put(t.ids().get(k), l == null ? 0 : l.getScore());
            }
            List<Hit> ranked = Fusion.order(c, fused);
            return ranked.size() > limit ? List.copyOf(ranked.subList(0, limit)) : ranked;
        };
    }

    private static String[] treeFeatureNames() {
        List<String> n = new ArrayList<>(DocumentFeatures.Feature.labels());
        n.addAll(Signal.labels());
        return n.toArray(String[]::new);
    }

    private static double[] treeRow(double[] d, double[] signals) {
        double[] v = new double[DocumentFeatures.COUNT + Signal.COUNT];
        System.arraycopy(d, 0, v, 0, d.length);
        System.arraycopy(signals, 0, v, d.length, signals.length);
        return v;
    }
}
