package io.qtp.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.impl.ArrayExample;

import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;

/**
 * Classification metrics of one classifier on a set of rows: accuracy, macro-F1, F1 per type and the confusion
 * matrix, all from Tribuo's {@link LabelConfusionMatrix}.
 *
 * <p>Why the confusion matrix and not {@code LabelEvaluator} directly: the evaluator needs a Tribuo {@code Model},
 * and the rule-based baseline is not one. Every classifier (trained or rules) is evaluated the same way here: its
 * predictions become Tribuo predictions over one fixed label domain and go into the confusion matrix, from which
 * accuracy is {@code sum(tp) / n} and F1 per label {@code 2 tp / (2 tp + fp + fn)}, exactly the evaluator's
 * definitions ({@code MetricsTest} checks the figures against {@code LabelEvaluator} for a trained model).
 *
 * @param rows      number of rows
 * @param accuracy  share of rows predicted right
 * @param macroF1   mean of the three F1 scores
 * @param f1        F1 per type, indexed by {@link QueryType#ordinal()}
 * @param confusion {@code confusion[true][predicted]}, indexed by {@link QueryType#ordinal()}
 */
public record Metrics(int rows, double accuracy, double macroF1, double[] f1, long[][] confusion) {

    private static final QueryType[] TYPES = QueryType.values();
    private static final Label[] LABELS = new Label[TYPES.length];
    /** The label domain every evaluation uses (ids in QueryType order). */
    static final ImmutableOutputInfo<Label> DOMAIN;

    static {
        MutableOutputInfo<Label> info = new LabelFactory().generateInfo();
        for (QueryType t : TYPES) {
            LABELS[t.ordinal()] = new Label(t.label());
            info.observe(LABELS[t.ordinal()]);
        }
        DOMAIN = info.generateImmutableOutputInfo();
    }

    /** One prediction with its truth. */
    public record Outcome(QueryType truth, Prediction prediction) {
        public boolean correct() {
            return truth == prediction.type();
        }
    }

    /** The metrics of a list of outcomes (all zero when it is empty). */
    public static Metrics of(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return new Metrics(0, 0, 0, new double[TYPES.length], new long[TYPES.length][TYPES.length]);
        }
        List<org.tribuo.Prediction<Label>> predictions = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            predictions.add(toTribuo(o));
        }
        LabelConfusionMatrix cm = new LabelConfusionMatrix(DOMAIN, predictions);
        double correct = 0;
        double[] f1 = new double[TYPES.length];
        long[][] confusion = new long[TYPES.length][TYPES.length];
        for (QueryType t : TYPES) {
            Label l = LABELS[t.ordinal()];
            double tp = cm.tp(l);
            double denominator = 2 * tp + cm.fp(l) + cm.fn(l);
            f1[t.ordinal()] = denominator == 0 ? 0 : 2 * tp / denominator;
            correct += tp;
            for (QueryType p : TYPES) {
                confusion[t.ordinal()][p.ordinal()] = Math.round(cm.confusion(LABELS[p.ordinal()], l));
            }
        }
        double macro = 0;
        for (double x : f1) {
            macro += x / f1.length;
        }
        return new Metrics(outcomes.size(), correct / cm.support(), macro, f1, confusion);
    }

    /** A service prediction as a Tribuo prediction whose example carries the true label. */
    private static org.tribuo.Prediction<Label> toTribuo(Outcome o) {
        double[] p = o.prediction().probabilities();
        Map<String, Label> scores = new LinkedHashMap<>();
        for (QueryType t : TYPES) {
            scores.put(t.label(), new Label(t.label(), p[t.ordinal()]));
        }
        QueryType predicted = o.prediction().type();
        ArrayExample<Label> example = new ArrayExample<>(LABELS[o.truth().ordinal()], new String[]{"query"},
                new double[]{1});
        return new org.tribuo.Prediction<>(new Label(predicted.label(), p[predicted.ordinal()]), scores, 1, example, true);
    }

    public double f1(QueryType t) {
        return f1[t.ordinal()];
    }

    /** F1 per label, in QueryType order, for JSON. */
    public Map<String, Double> f1ByLabel() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (QueryType t : TYPES) {
            m.put(t.label(), round(f1[t.ordinal()]));
        }
        return Collections.unmodifiableMap(m);
    }

    /** Rounds a metric to 4 decimals for JSON and tables. */
    static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }
}
