package io.qtp.classify.trained;

import java.util.List;
import java.util.Optional;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;

import io.qtp.analysis.Feature;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.classify.QueryType;

/**
 * The serving form of a linear softmax model (Tribuo's {@link LinearSGDModel} trained with log loss, optionally
 * inside a {@link TransformedModel} that scales features): the same arithmetic as Tribuo's {@code predict}, with
 * every feature-name look-up done once, here, instead of on every prediction.
 *
 * <p>Why not Tribuo's own {@code predict}: per query it builds an example of named features, copies and transforms
 * it, then finds each name in the model's feature map (a hash look-up per feature, about 60 analysis features and
 * 80 n-gram buckets per query) before a sparse dot product. Profiling under HTTP load put a fifth of the CPU in
 * those name look-ups and most of the allocation in the example objects. The encoder already knows each feature as
 * an index (analysis ordinal, n-gram bucket), so this class maps index -> model column once at load and then only
 * reads arrays. Tribuo has no public API for index-based prediction, hence this class.
 *
 * <p>Equivalence: features are summed in the order Tribuo sums them (ascending feature id, bias last), the
 * transformers are Tribuo's own objects, and the softmax is computed as Tribuo's {@code SoftmaxNormalizer} does
 * (subtract the maximum, exponentiate, divide by the sum). {@link ModelBundle} checks agreement with the Tribuo path
 * on probe queries before a model serves, and a test compares both on the whole test split.
 *
 * <p>Immutable and thread-safe.
 */
final class CompiledLinearModel {

    private static final QueryType[] TYPES = QueryType.values();
    private static final Feature[] FEATURES = Feature.values();
    private static final int K = TYPES.length;

    private final FeatureEncoder encoder;
    /** weights[column * K + type]: the weight of one model column for each query type (QueryType order). */
    private final double[] weights;
    private final int biasColumn;
    /** Model column of each analysis feature (by Feature ordinal), -1 when the model does not know it. */
    private final int[] denseColumn;
    /** The feature's Tribuo transformers (by Feature ordinal), null when untransformed. */
    private final Transformer[][] denseTransformers;
    /** Analysis feature ordinals in ascending column order, then the hashed spaces (already ascending). */
    private final int[] denseByColumn;
    private final int[] charColumn;
    private final int[] posColumn;
    private final int[] wordColumn;

    private CompiledLinearModel(FeatureEncoder encoder, double[] weights, int biasColumn, int[] denseColumn,
            Transformer[][] denseTransformers, int[] denseByColumn, int[] charColumn, int[] posColumn,
            int[] wordColumn) {
        this.encoder = encoder;
        this.weights = weights;
        this.biasColumn = biasColumn;
        this.denseColumn = denseColumn;
        this.denseTransformers = denseTransformers;
        this.denseByColumn = denseByColumn;
        this.charColumn = charColumn;
        this.posColumn = posColumn;
        this.wordColumn = wordColumn;
    }

    /**
     * Compiles a model when it is a linear softmax model (optionally feature-scaled), else empty: other models
     * (trees, XGBoost, hinge-loss linear models) keep Tribuo's path.
     */
    static Optional<CompiledLinearModel> compile(Model<Label> model, FeatureEncoder encoder) {
        TransformerMap transformers = null;
        Model<Label> inner = model;
        if (model instanceof TransformedModel<Label> t) {
            if (t.getDensify()) {
                return Optional.empty(); // densify adds every absent feature before scaling: not compiled
            }
            transformers = t.getTransformerMap();
            inner = t.getInnerModel();
            for (var e : transformers.entrySet()) {
                if (!isAnalysisFeature(e.getKey())) {
                    return Optional.empty(); // only the always-present analysis features may be transformed
                }
            }
        }
        if (!(inner instanceof LinearSGDModel linear) || !linear.generatesProbabilities()) {
            return Optional.empty(); // LinearSGDModel generates probabilities only with the softmax normaliser
        }
        ImmutableFeatureMap features = linear.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputs = linear.getOutputIDInfo();
        DenseMatrix w = linear.getWeightsCopy();
        int columns = features.size() + 1;
        if (w.getDimension1Size() != outputs.size() || w.getDimension2Size() != columns || outputs.size() != K) {
            return Optional.empty();
        }
        double[] weights = new double[columns * K];
        for (int t = 0; t < K; t++) {
            int row = outputs.getID(new Label(TYPES[t].label()));
            for (int c = 0; c < columns; c++) {
                weights[c * K + t] = w.get(row, c);
            }
        }
        Feature[] all = FEATURES;
        int[] denseColumn = new int[all.length];
        Transformer[][] denseTransformers = new Transformer[all.length][];
        for (Feature f : all) {
            denseColumn[f.ordinal()] = features.getID(f.name());
            List<Transformer> list = transformers == null ? null : transformers.get(f.name());
            denseTransformers[f.ordinal()] = list == null || list.isEmpty() ? null : list.toArray(new Transformer[0]);
        }
        Integer[] order = new Integer[all.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(denseColumn[a], denseColumn[b]));
        int[] denseByColumn = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            denseByColumn[i] = order[i];
        }
        return Optional.of(new CompiledLinearModel(encoder, weights, columns - 1, denseColumn, denseTransformers,
                denseByColumn, columns(features, encoder.charNames()), columns(features, encoder.posNames()),
                columns(features, encoder.wordNames())));
    }

    private static boolean isAnalysisFeature(String name) {
        for (Feature f : FEATURES) {
            if (f.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static int[] columns(ImmutableFeatureMap features, List<String> names) {
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = features.getID(names.get(i)); // -1 when unseen in training: Tribuo drops such features too
        }
        return out;
    }

    /** The three probabilities in {@link QueryType} order. */
    double[] probabilities(QueryAnalysis analysis) {
        double s0 = 0, s1 = 0, s2 = 0;
        // analysis features: ids were assigned to names in Tribuo's (lexicographic) order, so ascending columns
        for (int f : denseByColumn) {
            int c = denseColumn[f];
            if (c < 0) {
                continue;
            }
            double x = analysis.feature(FEATURES[f]);
            Transformer[] ts = denseTransformers[f];
            if (ts != null) {
                for (Transformer t : ts) {
                    x = t.transform(x);
                }
            }
            int o = c * K;
            s0 += weights[o] * x;
            s1 += weights[o + 1] * x;
            s2 += weights[o + 2] * x;
        }
        double[] s = {s0, s1, s2};
        FeatureEncoder.Spec spec = encoder.spec();
        if (spec.charBuckets() > 0) {
            addBuckets(s, encoder.charBuckets(analysis.query()), charColumn);
        }
        if (spec.posBuckets() > 0) {
            addBuckets(s, encoder.posBuckets(analysis), posColumn);
        }
        if (spec.wordBuckets() > 0) {
            addBuckets(s, encoder.wordBuckets(analysis), wordColumn);
        }
        int b = biasColumn * K;
        for (int t = 0; t < K; t++) {
            s[t] += weights[b + t];
        }
        return softmax(s);
    }

    private void addBuckets(double[] s, int[] buckets, int[] column) {
        double s0 = s[0], s1 = s[1], s2 = s[2];
        for (int bucket : buckets) {
            int c = column[bucket];
            if (c >= 0) {
                int o = c * K;
                s0 += weights[o];
                s1 += weights[o + 1];
                s2 += weights[o + 2];
            }
        }
        s[0] = s0;
        s[1] = s1;
        s[2] = s2;
    }

    /** As Tribuo's SoftmaxNormalizer: subtract the maximum, exponentiate, divide by the sum. */
    private static double[] softmax(double[] s) {
        double max = Math.max(s[0], Math.max(s[1], s[2]));
        double sum = 0;
        for (int t = 0; t < K; t++) {
            s[t] = Math.exp(s[t] - max);
            sum += s[t];
        }
        for (int t = 0; t < K; t++) {
            s[t] /= sum;
        }
        return s;
    }
}
