package io.qtp.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.qtp.classify.QueryType;
import io.qtp.classify.trained.Calibration;

/**
 * Fits a {@link Calibration} on labelled predictions (the development split) by minimising the negative
 * log-likelihood of the true types, and measures calibration: expected calibration error (ECE) and the Brier score.
 *
 * <ul>
 *   <li>temperature scaling: one parameter, {@code log T} found by golden-section search on [-3, 3] (the NLL is
 *       convex in 1/T for softmax outputs);
 *   <li>vector scaling: a scale and a bias per type, full-batch gradient descent from the identity with a fixed
 *       number of steps (deterministic).
 * </ul>
 * {@link #choose} picks the method by two-fold cross-validation on the given rows (fit on one half, measure ECE on
 * the other, both ways): vector scaling must lower the mean held-out ECE by more than 0.002 to be kept over the
 * single temperature.
 */
public final class Calibrator {

    private static final int K = QueryType.values().length;
    /** ECE bins (equal width on the confidence). */
    public static final int BINS = 15;

    private Calibrator() {
    }

    /**
     * One prediction to calibrate or measure: the probabilities (QueryType order), the true type's index and the
     * language the service detected for the query ({@code null} when unknown).
     */
    public record Sample(double[] p, int truth, String language) {
        public Sample(double[] p, int truth) {
            this(p, truth, null);
        }
    }

    /** Calibration figures of a set of predictions. */
    public record Figures(int rows, double ece, double brier, int wrong, int wrongConfident, double accuracy) {
        /** Share of the wrong answers given with confidence >= 0.95 (0 when there is no wrong answer). */
        public double wrongConfidentShare() {
            return wrong == 0 ? 0 : (double) wrongConfident / wrong;
        }
    }

    public static List<Sample> samples(Evaluation.Result result) {
        List<Sample> out = new ArrayList<>(result.scored().size());
        for (Evaluation.Scored s : result.scored()) {
            out.add(new Sample(s.prediction().probabilities(), s.row().query().type().ordinal(),
                    s.row().analysis().language().code()));
        }
        return out;
    }

    // ------------------------------------------------------------------ measuring

    /**
     * ECE with {@value #BINS} equal-width bins on the confidence (the predicted type's probability):
     * {@code sum_b n_b / n * |accuracy_b - mean confidence_b|}; Brier score: {@code mean sum_k (p_k - y_k)^2} (0 to 2);
     * wrong answers and those given with confidence >= 0.95.
     */
    public static Figures figures(List<Sample> samples) {
        int n = samples.size();
        if (n == 0) {
            return new Figures(0, 0, 0, 0, 0, 0);
        }
        double[] conf = new double[BINS];
        double[] correct = new double[BINS];
        int[] count = new int[BINS];
        double brier = 0;
        int wrong = 0;
        int wrongConfident = 0;
        for (Sample s : samples) {
            int predicted = argmax(s.p());
            double c = s.p()[predicted];
            int bin = bin(c);
            conf[bin] += c;
            count[bin]++;
            if (predicted == s.truth()) {
                correct[bin]++;
            } else {
                wrong++;
                if (c >= 0.95) {
                    wrongConfident++;
                }
            }
            for (int k = 0; k < K; k++) {
                double y = k == s.truth() ? 1 : 0;
                brier += (s.p()[k] - y) * (s.p()[k] - y);
            }
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                ece += Math.abs(correct[b] / count[b] - conf[b] / count[b]) * count[b] / n;
            }
        }
        return new Figures(n, ece, brier / n, wrong, wrongConfident, 1 - (double) wrong / n);
    }

    /** The bin of a confidence: [0, 1/15), ..., [14/15, 1]. */
    static int bin(double confidence) {
        return Math.min(BINS - 1, (int) Math.floor(confidence * BINS));
    }

    /** Per bin: {mean confidence, accuracy, rows} (NaN for empty bins), for the reliability diagram. */
    public static double[][] reliability(List<Sample> samples) {
        double[][] out = new double[BINS][3];
        for (Sample s : samples) {
            int predicted = argmax(s.p());
            int b = bin(s.p()[predicted]);
            out[b][0] += s.p()[predicted];
            out[b][1] += predicted == s.truth() ? 1 : 0;
            out[b][2]++;
        }
        for (double[] b : out) {
            b[0] = b[2] == 0 ? Double.NaN : b[0] / b[2];
            b[1] = b[2] == 0 ? Double.NaN : b[1] / b[2];
        }
        return out;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The samples with a calibration applied. */
    public static List<Sample> apply(Calibration c, List<Sample> samples) {
        List<Sample> out = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            double[] p = s.p().clone();
            c.apply(p, s.language());
            out.add(new Sample(p, s.truth(), s.language()));
        }
        return out;
    }

    /**
     * The recommended confidence threshold below which a caller should fall back to the hybrid strategy: the centre
     * of the highest confidence window [t, t + 0.1) (t on a 0.01 grid, at least 20 rows) whose accuracy is under
     * {@code minAccuracy}; 0 when no window is (the model is that accurate at every confidence).
     */
    public static double fallbackThreshold(List<Sample> samples, double minAccuracy) {
        for (int i = 100; i >= 0; i--) {
            double lo = i / 100.0;
            int n = 0;
            int right = 0;
            for (Sample s : samples) {
                int predicted = argmax(s.p());
                double c = s.p()[predicted];
                if (c >= lo && c < lo + 0.1) {
                    n++;
                    right += predicted == s.truth() ? 1 : 0;
                }
            }
            if (n >= 20 && (double) right / n < minAccuracy) {
                return Math.round((lo + 0.05) * 100) / 100.0;
            }
        }
        return 0;
    }

    /** Rows, accuracy and share of the rows with confidence below and at or above a threshold. */
    public record Split(int below, double accuracyBelow, int above, double accuracyAbove) {
    }

    public static Split split(List<Sample> samples, double threshold) {
        int below = 0;
        int rightBelow = 0;
        int above = 0;
        int rightAbove = 0;
        for (Sample s : samples) {
            int predicted = argmax(s.p());
            boolean right = predicted == s.truth();
            if (s.p()[predicted] < threshold) {
                below++;
                rightBelow += right ? 1 : 0;
            } else {
                above++;
                rightAbove += right ? 1 : 0;
            }
        }
        return new Split(below, below == 0 ? 0 : (double) rightBelow / below, above,
                above == 0 ? 0 : (double) rightAbove / above);
    }

    // ------------------------------------------------------------------ fitting

    /** Temperature scaling by NLL on the samples. */
    public static Calibration fitTemperature(List<Sample> samples, String fittedOn) {
        double lo = -3;
        double hi = 3;
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(samples, Math.exp(a));
        double fb = nll(samples, Math.exp(b));
        for (int i = 0; i < 100; i++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(samples, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(samples, Math.exp(b));
            }
        }
        double t = Math.exp((lo + hi) / 2);
        t = Math.max(0.05, Math.min(20, t));
        return Calibration.temperature(round(t), fittedOn);
    }

    private static double nll(List<Sample> samples, double t) {
        double sum = 0;
        for (Sample s : samples) {
            double[] z = new double[K];
            for (int k = 0; k < K; k++) {
                z[k] = log(s.p()[k]) / t;
            }
            sum -= logSoftmax(z)[s.truth()];
        }
        return sum / samples.size();
    }

    /** Vector scaling by NLL on the samples (gradient descent, 2,000 steps, from the identity). */
    public static Calibration fitVector(List<Sample> samples, String fittedOn) {
        double[] scale = {1, 1, 1};
        double[] bias = {0, 0, 0};
        double rate = 0.5;
        int n = samples.size();
        double[][] logs = new double[n][K];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < K; k++) {
                logs[i][k] = log(samples.get(i).p()[k]);
            }
        }
        for (int step = 0; step < 2000; step++) {
            double[] gs = new double[K];
            double[] gb = new double[K];
            for (int i = 0; i < n; i++) {
                double[] z = new double[K];
                for (int k = 0; k < K; k++) {
                    z[k] = scale[k] * logs[i][k] + bias[k];
                }
                double[] ls = logSoftmax(z);
                for (int k = 0; k < K; k++) {
                    double d = Math.exp(ls[k]) - (k == samples.get(i).truth() ? 1 : 0);
                    gs[k] += d * logs[i][k] / n;
                    gb[k] += d / n;
                }
            }
            for (int k = 0; k < K; k++) {
                // scaled steps: log-probabilities reach -30, so the scale's gradient is larger than the bias's
                scale[k] = Math.max(0.05, Math.min(20, scale[k] - rate * gs[k] / 10));
                bias[k] = Math.max(-50, Math.min(50, bias[k] - rate * gb[k]));
            }
        }
        for (int k = 0; k < K; k++) {
            scale[k] = round(scale[k]);
            bias[k] = round(bias[k]);
        }
        // identifiability: only bias differences matter; pin the first to 0
        double b0 = bias[0];
        for (int k = 0; k < K; k++) {
            bias[k] = round(bias[k] - b0);
        }
        return Calibration.vector(scale, bias, fittedOn);
    }

    /**
     * The outcome of {@link #choose}: the chosen calibration and the held-out ECE of each method; the last two are
     * the mean of the per-language ECEs (weighted by rows) of the pooled temperature and of a temperature per
     * language (NaN when fewer than two languages have enough rows to try it).
     */
    public record Choice(Calibration calibration, double temperatureCvEce, double vectorCvEce, double uncalibratedEce,
                         double pooledLanguageCvEce, double languageCvEce) {
    }

    /** The fewest rows of a language for a temperature of its own (in each half of the cross-validation too). */
    static final int MIN_LANGUAGE_ROWS = 50;

    /**
     * Chooses temperature or vector scaling by two-fold cross-validation on the samples (halves by position: even
     * and odd rows), then fits the chosen method on all of them; or no scaling ({@code none}, recording what it was
     * measured on) when the uncalibrated probabilities measure better than both by more than 0.002.
     */
    public static Choice choose(List<Sample> samples, String fittedOn) {
        return choose(samples, fittedOn, true);
    }

    /**
     * As {@link #choose(List, String)}; without {@code vectorAllowed} vector scaling is measured (and reported) but
     * never chosen: the caller found that it changes an answer that must not change.
     */
    public static Choice choose(List<Sample> samples, String fittedOn, boolean vectorAllowed) {
        List<Sample> even = new ArrayList<>();
        List<Sample> odd = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            (i % 2 == 0 ? even : odd).add(samples.get(i));
        }
        double t = (figures(apply(fitTemperature(even, ""), odd)).ece()
                + figures(apply(fitTemperature(odd, ""), even)).ece()) / 2;
        double v = (figures(apply(fitVector(even, ""), odd)).ece()
                + figures(apply(fitVector(odd, ""), even)).ece()) / 2;
        boolean perLanguage = languagesWithRows(samples).size() > 1;
        // a temperature per language: the held-out ECE is measured per language and weighted by its rows, against
        // the pooled temperature measured the same way (the two languages' models differ in confidence)
        double l = perLanguage ? (languageEce(fitPerLanguage(even, ""), odd) + languageEce(fitPerLanguage(odd, ""), even)) / 2
                : Double.NaN;
        double tl = perLanguage ? (languageEce(fitTemperature(even, ""), odd) + languageEce(fitTemperature(odd, ""), even)) / 2
                : Double.NaN;
        Calibration chosen;
        // no scaling fits nothing: measured on all samples (nothing to hold out), pooled and per language like the others
        double none = figures(samples).ece();
        double noneByLanguage = perLanguage ? languageEce(Calibration.NONE, samples) : Double.NaN;
        if (none < Math.min(t, vectorAllowed ? v : Double.POSITIVE_INFINITY) - 0.002
                && !(perLanguage && l < noneByLanguage - 0.002)) {
            // the model's own probabilities measure better than any fitted scaling: left as they are
            chosen = new Calibration(Calibration.NONE_METHOD, 1.0, null, null, fittedOn);
        } else if (vectorAllowed && v < t - 0.002) {
            chosen = fitVector(samples, fittedOn);
        } else if (perLanguage && l < tl - 0.002) {
            chosen = fitPerLanguage(samples, fittedOn);
        } else {
            chosen = fitTemperature(samples, fittedOn);
        }
        return new Choice(chosen, t, v, none, tl, l);
    }

    /** The languages with at least {@link #MIN_LANGUAGE_ROWS} samples. */
    static Set<String> languagesWithRows(List<Sample> samples) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Sample s : samples) {
            if (s.language() != null) {
                counts.merge(s.language(), 1, Integer::sum);
            }
        }
        counts.values().removeIf(n -> n < MIN_LANGUAGE_ROWS);
        return counts.keySet();
    }

    /** A temperature per language (on that language's samples) and the pooled one for any other language. */
    public static Calibration fitPerLanguage(List<Sample> samples, String fittedOn) {
        Map<String, Double> perLanguage = new TreeMap<>();
        for (String language : languagesWithRows(samples)) {
            perLanguage.put(language, fitTemperature(ofLanguage(samples, language), "").temperature());
        }
        return Calibration.temperature(fitTemperature(samples, "").temperature(), perLanguage, fittedOn);
    }

    /** The ECE of each language's calibrated samples, weighted by its rows: what a per-language report averages. */
    static double languageEce(Calibration c, List<Sample> samples) {
        List<Sample> calibrated = apply(c, samples);
        double sum = 0;
        int rows = 0;
        for (String language : languagesWithRows(samples)) {
            List<Sample> own = ofLanguage(calibrated, language);
            sum += figures(own).ece() * own.size();
            rows += own.size();
        }
        return rows == 0 ? Double.NaN : sum / rows;
    }

    static List<Sample> ofLanguage(List<Sample> samples, String language) {
        return samples.stream().filter(s -> language.equals(s.language())).toList();
    }

    private static double log(double p) {
        return Math.log(Math.max(p, 1e-300));
    }

    private static double[] logSoftmax(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double sum = 0;
        for (double x : z) {
            sum += Math.exp(x - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            out[k] = z[k] - log;
        }
        return out;
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
