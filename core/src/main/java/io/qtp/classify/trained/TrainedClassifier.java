package io.qtp.classify.trained;

import java.util.Map;
import java.util.Objects;

import org.tribuo.Example;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.QueryType;

/**
 * A Tribuo classification model behind the {@link QueryClassifier} interface: encodes the analysis with the
 * model's {@link FeatureEncoder}, predicts, and returns the three probabilities in {@link QueryType} order.
 *
 * <p>Thread-safe: the encoder is immutable, and Tribuo's {@code predict} does not mutate the model (linear and CART
 * models only read their parameters; a {@code TransformedModel} transforms a copy of the example; XGBoost predicts
 * thread-safely with tree boosters since 1.4, and Tribuo builds a fresh {@code DMatrix} for every call).
 */
public final class TrainedClassifier implements QueryClassifier {

    private static final QueryType[] TYPES = QueryType.values();

    private final Model<Label> model;
    private final FeatureEncoder encoder;
    private final String version;
    /**
     * The index-based form of a linear model ({@link CompiledLinearModel}) or of XGBoost trees
     * ({@link CompiledTreeModel}); null for other models.
     */
    private final CompiledModel compiled;
    private final Calibration calibration;

    /**
     * A model that does not call its scores probabilities (Tribuo's CART trees: the label distribution of the leaf)
     * is accepted: its scores are checked to be non-negative and normalised like every other model's.
     *
     * @throws IllegalArgumentException if the model's labels are not the three query types
     */
    public TrainedClassifier(Model<Label> model, FeatureEncoder encoder, String version) {
        this(model, encoder, version, Calibration.NONE);
    }

    /**
     * A model whose probabilities are calibrated ({@link Calibration#apply}) before they are returned.
     *
     * @throws IllegalArgumentException if the model's labels are not the three query types, or the calibration's
     *                                  parameters are invalid
     */
    public TrainedClassifier(Model<Label> model, FeatureEncoder encoder, String version, Calibration calibration) {
        this(model, encoder, version, calibration, null);
    }

    /** {@code compiled} is the model's compiled form when the caller has it already, else null (compiled here). */
    private TrainedClassifier(Model<Label> model, FeatureEncoder encoder, String version, Calibration calibration,
            CompiledModel compiled) {
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        String problem = calibration.problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.model = Objects.requireNonNull(model, "model");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.version = Objects.requireNonNull(version, "version");
        ImmutableOutputInfo<Label> domain = model.getOutputIDInfo();
        if (domain.size() != TYPES.length) {
            throw new IllegalArgumentException("the model has " + domain.size() + " labels " + domain.getDomain()
                    + ", expected " + TYPES.length);
        }
        for (QueryType t : TYPES) {
            if (domain.getID(new Label(t.label())) < 0) {
                throw new IllegalArgumentException("the model has no label '" + t.label() + "': " + domain.getDomain());
            }
        }
        if (compiled == null) {
            compiled = CompiledLinearModel.compile(model, encoder).orElse(null);
        }
        if (compiled == null) {
            compiled = CompiledTreeModel.compile(model, encoder).orElse(null);
        }
        this.compiled = compiled;
    }

    @Override
    public Prediction classify(QueryAnalysis analysis) {
        if (compiled != null) {
            return checked(compiled.probabilities(analysis), analysis.language().code());
        }
        return classifyWithTribuo(analysis);
    }

    /** Classifies through Tribuo's own {@code predict}, whatever the model (the reference for the compiled path). */
    public Prediction classifyWithTribuo(QueryAnalysis analysis) {
        return toPrediction(model.predict(encoder.encode(analysis)), analysis.language().code());
    }

    /** Whether this model predicts through its compiled, index-based form ({@link CompiledModel}). */
    public boolean isCompiled() {
        return compiled != null;
    }

    /** How this classifier predicts, for logs: its compiled form, or Tribuo's own {@code predict}. */
    public String servingForm() {
        return compiled instanceof CompiledTreeModel ? "compiled trees"
                : compiled != null ? "compiled linear model" : "Tribuo's predict";
    }

    /** How far the compiled form may differ from Tribuo's probabilities (0 when there is no compiled form). */
    public double compiledTolerance() {
        return compiled == null ? 0 : compiled.tolerance();
    }

    /** Converts a Tribuo prediction of this model into the service's prediction (the pooled calibration). */
    public Prediction toPrediction(org.tribuo.Prediction<Label> p) {
        return toPrediction(p, null);
    }

    /** Converts a Tribuo prediction of a query in the given detected language into the service's prediction. */
    public Prediction toPrediction(org.tribuo.Prediction<Label> p, String language) {
        Map<String, Label> scores = p.getOutputScores();
        double[] probabilities = new double[TYPES.length];
        for (int i = 0; i < TYPES.length; i++) {
            Label l = scores.get(TYPES[i].label());
            probabilities[i] = l == null ? 0 : l.getScore();
        }
        return checked(probabilities, language);
    }

    /** Checks the scores of the three types (QueryType order) and normalises them into probabilities, in place. */
    private Prediction checked(double[] probabilities, String language) {
        double sum = 0;
        for (int i = 0; i < TYPES.length; i++) {
            double s = probabilities[i];
            // a model that emits NaN or a negative score is broken; fail so that the service falls back to rules
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new IllegalStateException("model " + version + " returned an invalid probability " + s
                        + " for " + TYPES[i].label());
            }
            sum += s;
        }
        if (!(sum > 0)) {
            throw new IllegalStateException("model " + version + " returned no probability mass");
        }
        // Softmax outputs sum to 1 up to rounding (XGBoost computes in float): renormalise so that they do exactly.
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] /= sum;
        }
        calibration.apply(probabilities, language);
        return Prediction.fromProbabilities(probabilities, version);
    }

    /** The encoded example of a query, as this classifier gives it to the model (for evaluation and tests). */
    public Example<Label> encode(QueryAnalysis analysis) {
        return encoder.encode(analysis);
    }

    @Override
    public String version() {
        return version;
    }

    /** The calibration applied to every prediction ({@link Calibration#NONE} when uncalibrated). */
    public Calibration calibration() {
        return calibration;
    }

    /** The same model with another calibration. */
    public TrainedClassifier withCalibration(Calibration other) {
        return new TrainedClassifier(model, encoder, version, other, compiled); // the same model: not compiled again
    }

    public Model<Label> model() {
        return model;
    }

    public FeatureEncoder encoder() {
        return encoder;
    }
}
