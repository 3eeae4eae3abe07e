package io.qtp.classify.trained;

import java.util.List;
import java.util.Optional;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;

import io.qtp.analysis.Feature;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.classify.QueryType;

/**
 * The serving form of a linear probabilistic model, optionally inside a {@link TransformedModel} that scales features:
 * Tribuo's {@link LinearSGDModel} trained with log loss (a softmax over the three scores), or its
 * {@link LibLinearClassificationModel} trained as L2-regularised logistic regression (LIBLINEAR {@code L2R_LR}: one
 * logistic per type, one versus the rest, normalised to sum 1, as LIBLINEAR's {@code predictProbability}). The same
 * arithmetic as Tribuo's {@code predict}, with every feature-name look-up done once, here, instead of on every
 * prediction.
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
 * (subtract the maximum, exponentiate, divide by the sum), the LIBLINEAR form as {@code Linear.predictProbability}. {@link ModelBundle} checks agreement with the Tribuo path
 * on probe queries before a model serves, and a test compares both on the whole test split.
 *
 * <p>Immutable and thread-safe.
 */
final class CompiledLinearModel implements CompiledModel {

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
    /** Softmax (SGD log loss) or one-versus-rest logistics normalised (LIBLINEAR). */
    private final boolean oneVersusRest;

    private CompiledLinearModel(FeatureEncoder encoder, double[] weights, int biasColumn, int[] denseColumn,
            Transformer[][] denseTransformers, int[] denseByColumn, int[] charColumn, int[] posColumn,
            int[] wordColumn, boolean oneVersusRest) {
        this.oneVersusRest = oneVersusRest;
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
        double[] weights;
        ImmutableFeatureMap features = inner.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputs = inner.getOutputIDInfo();
        int columns = features.size() + 1; // the bias last
        if (outputs.size() != K) {
            return Optional.empty();
        }
        boolean oneVersusRest;
        if (inner instanceof LinearSGDModel linear && linear.generatesProbabilities()) {
            // LinearSGDModel generates probabilities only with the softmax normaliser
            weights = sgdWeights(linear, outputs, columns);
            oneVersusRest = false;
        } else if (inner instanceof LibLinearClassificationModel liblinear && liblinear.getInnerModels().size() == 1
                && liblinear.getInnerModels().get(0).isProbabilityModel()) {
            weights = liblinearWeights(liblinear.getInnerModels().get(0), outputs, columns);
            oneVersusRest = true;
        } else {
            return Optional.empty();
        }
        if (weights == null) {
            return Optional.empty();
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
                columns(features, encoder.wordNames()), oneVersusRest));
    }

    /** weights[column * K + type] of a softmax model, or null when its matrix is not (types x columns). */
    private static double[] sgdWeights(LinearSGDModel linear, ImmutableOutputInfo<Label> outputs, int columns) {
        DenseMatrix w = linear.getWeightsCopy();
        if (w.getDimension1Size() != K || w.getDimension2Size() != columns) {
            return null;
        }
        double[] weights = new double[columns * K];
        for (int t = 0; t < K; t++) {
            int row = outputs.getID(new Label(TYPES[t].label()));
            for (int c = 0; c < columns; c++) {
                weights[c * K + t] = w.get(row, c);
            }
        }
        return weights;
    }

    /**
     * weights[column * K + type] of a LIBLINEAR model: column c is Tribuo feature id c (LIBLINEAR's feature c + 1),
     * the last column LIBLINEAR's bias term; null when the model does not have one weight vector per type over the
     * model's features.
     */
    private static double[] liblinearWeights(de.bwaldvogel.liblinear.Model m, ImmutableOutputInfo<Label> outputs,
            int columns) {
        if (m.getNrClass() != K || m.getNrFeature() != columns - 1) {
            return null;
        }
        int[] labels = m.getLabels(); // LIBLINEAR's class index -> Tribuo's output id
        double[] weights = new double[columns * K];
        for (int t = 0; t < K; t++) {
            int id = outputs.getID(new Label(TYPES[t].label()));
            int cls = -1;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == id) {
                    cls = i;
                }
            }
            if (cls < 0) {
                return null;
            }
            for (int c = 0; c < columns - 1; c++) {
                weights[c * K + t] = m.getDecfunCoef(c + 1, cls);
            }
            weights[(columns - 1) * K + t] = m.getDecfunBias(cls);
        }
        return weights;
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

    @Override
    public double[] probabilities(QueryAnalysis analysis) {
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
        return oneVersusRest ? logistics(s) : softmax(s);
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

    /** As LIBLINEAR's predictProbability for more than two classes: a logistic per type, divided by their sum. */
    private static double[] logistics(double[] s) {
        double sum = 0;
        for (int t = 0; t < K; t++) {
            s[t] = 1 / (1 + Math.exp(-s[t]));
            sum += s[t];
        }
        for (int t = 0; t < K; t++) {
            s[t] /= sum;
        }
        return s;
    }

    /** As Tribuo's SoftmaxNormalizer: subtract the maximum, exponentiate, divide by the sum (in place). */
    static double[] softmax(double[] s) {
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
