package io.qtp.search.fusion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.VariableIDInfo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import io.qtp.search.Candidates;
import io.qtp.search.Fusion;
import io.qtp.search.Hit;

/**
 * Fits a fusion model from judged queries with Tribuo: every candidate document of a query is one example, labelled
 * {@code relevant} when the judgements grade it above 0, and a classifier learns which candidates are relevant from
 * their {@link DocumentFeatures} and the query's {@link Signal}s. Ranking by its score is the learned fusion.
 *
 * <ul>
 *   <li>{@link Kind#LINEAR}: logistic regression (Tribuo {@link LinearSGDTrainer}, log loss, AdaGrad) on the document
 *       features and their products with the standardised signals. Its coefficients are the {@link LinearFusion}: the
 *       weight of feature j for a query is {@code a_j + sum_i b_ji z_i}.
 *   <li>{@link Kind#LINEAR_NO_SIGNALS}: the same on the document features alone: one fixed set of weights for every
 *       query (the ablation that tells what the per-query signals add).
 *   <li>{@link Kind#TREES}: gradient-boosted trees (XGBoost through Tribuo) on the document features and the raw
 *       signals, whose splits can combine them freely. Scored per candidate; used for comparison.
 * </ul>
 * Examples: the candidates in the first {@value #TRAIN_DEPTH} of either list and every judged-relevant candidate (the
 * documents a ranking of the top 10 has to order), plus a weighted sample of the deeper ones
 * ({@link #forEachExample}); a query none of whose candidates is relevant teaches nothing about order and is left
 * out.
 */
public final class FusionTrainer {

    /** Candidates from each list that make training examples (plus every relevant candidate). */
    public static final int TRAIN_DEPTH = 20;
    /** Deeper non-relevant candidates sampled per query (weighted to stand for all of them). */
    public static final int DEEP_SAMPLE = 20;
    static final String RELEVANT = "relevant";
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
    public record Query(Candidates candidates, double[] signals, Map<String, Integer> qrels) {
    }

    /** A fitted model that ranks a query's candidates. */
    public interface Ranker {
        List<Hit> rank(Candidates c, double[] signals, int limit);
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
            forEachExample(q, seed, (d, relevant, weight) -> {
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
                ArrayExample<Label> e = new ArrayExample<>(new Label(relevant ? RELEVANT : OTHER), names, v);
                e.setWeight(weight);
                data.add(e);
            });
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), 5, -1, 1, seed);
        LinearSGDModel model = (LinearSGDModel) trainer.train(data);
        DenseMatrix w = model.getWeightsCopy();
        int rel = model.getOutputIDInfo().getID(new Label(RELEVANT));
        int other = model.getOutputIDInfo().getID(new Label(OTHER));
        ImmutableFeatureMap fm = model.getFeatureIDMap();
        double[][] rows = new double[DocumentFeatures.COUNT][Signal.COUNT + 1];
        for (int j = 0; j < DocumentFeatures.COUNT; j++) {
            rows[j][0] = coefficient(w, fm, rel, other, base(j));
            if (withSignals) {
                for (int i = 0; i < Signal.COUNT; i++) {
                    rows[j][i + 1] = coefficient(w, fm, rel, other, product(j, i));
                }
            }
        }
        return new LinearFusion(mean, scale, rows);
    }

    /** The log-odds weight of a feature for relevant (0 when the feature never occurred in training). */
    private static double coefficient(DenseMatrix w, ImmutableFeatureMap fm, int rel, int other, String name) {
        VariableInfo info = fm.get(name);
        if (!(info instanceof VariableIDInfo id)) {
            return 0;
        }
        return w.get(rel, id.getID()) - w.get(other, id.getID());
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
        void accept(double[] documentFeatures, boolean relevant, float weight);
    }

    /**
     * Calls the sink for the training candidates of the query (none when no candidate is relevant): every candidate
     * in the first {@value #TRAIN_DEPTH} of either list and every relevant one, weight 1; of the other (deeper,
     * non-relevant) candidates a seeded sample of at most {@value #DEEP_SAMPLE}, each weighted by how many it stands
     * for. Without the deeper ones the training data would be biased: a deep candidate would almost always be a
     * relevant one, and a model would learn to promote deep candidates.
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
        Set<String> top = new HashSet<>();
        for (List<Hit> list : List.of(q.candidates().keyword(), q.candidates().vector())) {
            for (int r = 0; r < Math.min(TRAIN_DEPTH, list.size()); r++) {
                top.add(list.get(r).id());
            }
        }
        List<Integer> deep = new ArrayList<>();
        for (int k = 0; k < t.ids().size(); k++) {
            String id = t.ids().get(k);
            boolean relevant = q.qrels().getOrDefault(id, 0) > 0;
            if (relevant || top.contains(id)) {
                sink.accept(t.features()[k], relevant, 1f);
            } else {
                deep.add(k);
            }
        }
        if (!deep.isEmpty()) {
            java.util.Collections.shuffle(deep, new java.util.Random(seed ^ t.ids().hashCode()));
            int n = Math.min(DEEP_SAMPLE, deep.size());
            float weight = deep.size() / (float) n;
            for (int i = 0; i < n; i++) {
                sink.accept(t.features()[deep.get(i)], false, weight);
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
            forEachExample(q, seed, (d, relevant, weight) -> {
                ArrayExample<Label> e = new ArrayExample<>(new Label(relevant ? RELEVANT : OTHER), names,
                        treeRow(d, q.signals()));
                e.setWeight(weight);
                data.add(e);
            });
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
