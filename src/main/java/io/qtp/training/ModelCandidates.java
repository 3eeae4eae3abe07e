package io.qtp.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.LinearScalingTransformation;

import io.qtp.analysis.Feature;
import io.qtp.classify.trained.FeatureEncoder;

/**
 * The model candidates the {@code train} command compares. Each is a Tribuo trainer with fixed hyper-parameters
 * and the feature encoding it reads; every trainer takes the run's seed, so a run is repeatable.
 *
 * <ul>
 *   <li>{@code linear}: multinomial logistic regression (Tribuo {@link LinearSGDTrainer}, log loss, AdaGrad,
 *       20 epochs) over the analysis features and the hashed n-grams. The analysis features are min-max scaled to
 *       [0, 1] by a {@link TransformTrainer}: the scaling is fitted on the training split and saved inside the model
 *       ({@code TransformedModel}), which applies it to every prediction.
 *   <li>{@code liblinear-c<C>}: L2-regularised logistic regression solved to convergence (Tribuo's LIBLINEAR,
 *       {@code L2R_LR}, one logistic per type against the rest), one candidate per cost C of {@link #LIBLINEAR_COSTS}
 *       (the lower, the stronger the penalty), same features and scaling as {@code linear}: the dev split chooses C
 *       as it chooses between candidates. The penalty shrinks the weights of n-grams that only a few training rows
 *       hold (docs/MODEL.md: a famous title's words otherwise decide every query that contains them). LIBLINEAR
 *       takes no example weights: the rows count as they are.
 *   <li>{@code xgboost}: gradient-boosted trees (XGBoost through Tribuo), same features, single-threaded so that the
 *       trees do not depend on thread scheduling. Trees are invariant to monotone scaling: no transformation.
 *   <li>{@code cart}: one CART decision tree on the analysis features only (82 in feature set 3): a cheap reference for what the
 *       hand-made features alone can do.
 * </ul>
 */
public final class ModelCandidates {

    private ModelCandidates() {
    }

    /** LIBLINEAR's costs (inverse regularisation strength), one {@code liblinear-c<C>} candidate each. */
    public static final List<String> LIBLINEAR_COSTS = List.of("0.1", "0.3", "1", "3");

    /** Stands for the {@code liblinear-c<C>} candidates of every cost in a list of names. */
    private static final String LIBLINEAR = "liblinear";

    private static List<String> names(String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals(LIBLINEAR)) {
                LIBLINEAR_COSTS.forEach(cost -> out.add(LIBLINEAR + "-c" + cost));
            } else {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** The candidates of a run when {@code --candidates} is not given. */
    public static final List<String> DEFAULT = names("linear", LIBLINEAR, "xgboost", "cart");

    /**
     * The candidates whose single-query inference fits the latency budget of docs/BENCHMARKS.md (analysis + model under
     * 200 µs p99 for a typical query; the analysis alone takes 30-60 µs on average): the ones the {@code train}
     * command may choose by default. Linear and CART models classify in tens of microseconds or less; XGBoost's trees
     * too, since they are served by the core's {@code CompiledTreeModel} (arrays walked in Java, a few microseconds)
     * instead of XGBoost4J's native call (0.1-0.6 ms per row here).
     */
    public static final List<String> FAST = names("linear", LIBLINEAR, "xgboost", "cart");

    /**
     * One candidate.
     *
     * @param name      the name used on the command line and in the table
     * @param algorithm the algorithm in words, for the report and the metadata
     * @param spec      the features it reads
     * @param scaled    whether the analysis features are min-max scaled by a {@link TransformTrainer}
     * @param learner   builds a fresh (unscaled) trainer for a seed
     * @param weighted  whether the training rows carry their {@link NearDuplicates} weights (not for CART: Tribuo's
     *                  tree leaves can come out with slightly negative probabilities from fractional weights)
     */
    public record Candidate(String name, String algorithm, FeatureEncoder.Spec spec, boolean scaled,
                            LongFunction<Trainer<Label>> learner, boolean weighted) {

        /** A fresh trainer for a seed, with the scaling if the candidate has it. */
        public Trainer<Label> trainer(long seed) {
            Trainer<Label> t = learner.apply(seed);
            return scaled ? ModelCandidates.scaled(t) : t;
        }

        /** The trainer and its hyper-parameters in one line (Tribuo's {@code toString} of the learner). */
        public String describe(long seed) {
            String learnerText = learner.apply(seed).toString();
            return scaled ? "TransformTrainer(LinearScalingTransformation(0,1) of the " + Feature.count() + " analysis features) over "
                    + learnerText : learnerText;
        }
    }

    private static final Map<String, Candidate> ALL = new LinkedHashMap<>();

    static {
        FeatureEncoder.Spec full = FeatureEncoder.Spec.defaults();
        add(new Candidate("linear", "logistic regression, SGD (AdaGrad), analysis features min-max scaled", full, true,
                seed -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.05, 0.1), 20, -1, 1, seed), true));
        for (String cost : LIBLINEAR_COSTS) {
            double c = Double.parseDouble(cost);
            add(new Candidate(LIBLINEAR + "-c" + cost, "L2-regularised logistic regression (LIBLINEAR, C " + cost
                    + "), analysis features min-max scaled", full, true, seed -> new LibLinearClassificationTrainer(
                            new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), c, 1000, 0.01, seed),
                    false));
        }
        add(new Candidate("xgboost", "gradient-boosted trees (XGBoost, 200 rounds, depth 6)", full, false,
                seed -> xgboost(seed, 200, 6, 0.3), true));
        add(new Candidate("cart", "CART decision tree (depth 12), analysis features only",
                FeatureEncoder.Spec.analysisOnly(), false, seed -> new CARTClassificationTrainer(12, 1.0f, seed), false));
    }

    private static void add(Candidate c) {
        ALL.put(c.name(), c);
    }

    /**
     * Min-max scaling of the analysis features to [0, 1], fitted on the training split and saved in the model.
     * The hashed n-gram features are 0/1 already and are left alone: one transformer per n-gram bucket would
     * double the model's size and its per-query work for nothing.
     */
    static Trainer<Label> scaled(Trainer<Label> inner) {
        Map<String, List<Transformation>> perFeature = new LinkedHashMap<>();
        for (Feature f : Feature.values()) {
            perFeature.put(f.name(), List.of(new LinearScalingTransformation(0, 1)));
        }
        return new TransformTrainer<>(inner, new TransformationMap(List.of(), perFeature), false, false);
    }

    static Trainer<Label> xgboost(long seed, int trees, int depth, double eta) {
        return new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
                trees, eta, 0, depth, 1, 1.0, 1.0, 1.0, 0, 1, XGBoostTrainer.LoggingVerbosity.SILENT, seed);
    }

    /** The names of all candidates. */
    public static List<String> names() {
        return new ArrayList<>(ALL.keySet());
    }

    /**
     * Looks candidates up by name.
     *
     * @throws IllegalArgumentException naming an unknown candidate and the known ones
     */
    public static List<Candidate> byNames(List<String> names) {
        List<Candidate> out = new ArrayList<>();
        for (String n : names) {
            Candidate c = ALL.get(n.strip());
            if (c == null) {
                throw new IllegalArgumentException("unknown candidate '" + n + "'; known: " + String.join(", ", ALL.keySet()));
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
