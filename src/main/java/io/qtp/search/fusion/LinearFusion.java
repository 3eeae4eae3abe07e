package io.qtp.search.fusion;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.qtp.search.CandidateLists;
import io.qtp.search.Fusion;
import io.qtp.search.Hit;

/**
 * The learned per-query fusion: each candidate's fused score is {@code sum_j w_j(q) * d_j}, over the
 * {@link DocumentFeatures} {@code d_j} of the document, with weights that are a linear function of the query's
 * {@link Signal}s: {@code w_j(q) = a_j + sum_i b_ji * z_i(q)}, where {@code z_i} is the signal standardised by the
 * training data's mean and scale (and clipped to +-{@value #CLIP}). So every query gets its own weights, and a
 * query with average signals gets the weights {@code a_j}.
 *
 * <p>Immutable; a few hundred multiplications per query.
 */
public final class LinearFusion {

    /** Standardised signals are clipped to this many scales from the mean: a signal far outside training stays sane. */
    public static final double CLIP = 5;

    private final double[] signalMean;
    private final double[] signalScale;
    /** [document feature][0: intercept, 1 + i: coefficient of standardised signal i]. */
    private final double[][] weights;

    public LinearFusion(double[] signalMean, double[] signalScale, double[][] weights) {
        if (signalMean.length != Signal.COUNT || signalScale.length != Signal.COUNT) {
            throw new IllegalArgumentException("expected " + Signal.COUNT + " signal means and scales, found "
                    + signalMean.length + " and " + signalScale.length);
        }
        if (weights.length != DocumentFeatures.COUNT) {
            throw new IllegalArgumentException("expected " + DocumentFeatures.COUNT + " weight rows, found " + weights.length);
        }
        for (double[] row : weights) {
            if (row.length != Signal.COUNT + 1) {
                throw new IllegalArgumentException("expected " + (Signal.COUNT + 1) + " weights per row, found " + row.length);
            }
            requireFinite(row, "weights");
        }
        requireFinite(signalMean, "signal means");
        requireFinite(signalScale, "signal scales");
        for (double s : signalScale) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("signal scales must be positive");
            }
        }
        this.signalMean = signalMean.clone();
        this.signalScale = signalScale.clone();
        this.weights = new double[weights.length][];
        for (int j = 0; j < weights.length; j++) {
            this.weights[j] = weights[j].clone();
        }
    }

    private static void requireFinite(double[] a, String what) {
        for (double x : a) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(what + " must be finite numbers");
            }
        }
    }

    /** The ranking of one query and the weights that made it. */
    public record Ranked(List<Hit> hits, double[] featureWeights) {

        /**
         * The vector side's share of the weights, {@code sum |w| over vector features / sum |w|} (0.5 when all are 0):
         * what the response reports as the vector weight of a learned search.
         */
        public double vectorShare() {
            double v = 0, all = 0;
            for (DocumentFeatures.Feature f : DocumentFeatures.Feature.values()) {
                double w = Math.abs(featureWeights[f.ordinal()]);
                all += w;
                if (f.side() == DocumentFeatures.Side.VECTOR) {
                    v += w;
                }
            }
            return all > 0 ? v / all : 0.5;
        }
    }

    /** The per-query weights of the document features for these signals. */
    public double[] weights(double[] signals) {
        if (signals.length != Signal.COUNT) {
            throw new IllegalArgumentException("expected " + Signal.COUNT + " signals, found " + signals.length);
        }
        double[] z = new double[Signal.COUNT];
        for (int i = 0; i < z.length; i++) {
            double v = (signals[i] - signalMean[i]) / signalScale[i];
            z[i] = Double.isFinite(v) ? Math.max(-CLIP, Math.min(CLIP, v)) : 0;
        }
        double[] w = new double[DocumentFeatures.COUNT];
        for (int j = 0; j < w.length; j++) {
            double[] row = weights[j];
            double s = row[0];
            for (int i = 0; i < z.length; i++) {
                s += row[i + 1] * z[i];
            }
            w[j] = s;
        }
        return w;
    }

    /** Ranks the union of the candidate lists by the fused score, at most {@code limit} hits. */
    public Ranked rank(CandidateLists c, double[] signals, int limit) {
        double[] w = weights(signals);
        DocumentFeatures.Table t = DocumentFeatures.of(c);
        Map<String, Double> fused = new HashMap<>();
        for (int i = 0; i < t.ids().size(); i++) {
            double s = 0;
            double[] d = t.features()[i];
            for (int j = 0; j < w.length; j++) {
                s += w[j] * d[j];
            }
            fused.put(t.ids().get(i), s);
        }
        List<Hit> ranked = Fusion.order(c, fused);
        return new Ranked(ranked.size() > limit ? List.copyOf(ranked.subList(0, limit)) : ranked, w);
    }

    public double[] signalMean() {
        return signalMean.clone();
    }

    public double[] signalScale() {
        return signalScale.clone();
    }

    public double[][] weightRows() {
        double[][] copy = new double[weights.length][];
        for (int j = 0; j < weights.length; j++) {
            copy[j] = weights[j].clone();
        }
        return copy;
    }
}
