package io.qtp.classify.trained;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.qtp.classify.QueryType;

/**
 * How a model's probabilities are calibrated at inference (the {@code calibration} of {@code metadata.json}),
 * fitted by the trainer on the development split. Applied to the model's probabilities {@code p} (in
 * {@link QueryType} order), i.e. on the log-probabilities, which for a softmax model are its logits up to a
 * constant:
 * <ul>
 *   <li>{@code none}: unchanged ({@code temperature} 1);
 *   <li>{@code temperature}: temperature scaling (Guo et al. 2017), {@code p'_i ∝ exp(log p_i / T)}; the predicted
 *       type never changes, only how sure the model says it is; with {@code languageTemperatures}, a query of a
 *       listed language (as detected) takes its language's T, any other query the pooled {@code temperature};
 *   <li>{@code vector}: vector scaling, a Platt-style per-class form, {@code p'_i ∝ exp(scale_i log p_i + bias_i)}.
 * </ul>
 *
 * @param method      {@code none}, {@code temperature} or {@code vector}
 * @param temperature the temperature T ({@code temperature}; 1 for {@code none}); for {@code vector} 1
 * @param languageTemperatures T per detected language ({@code ja}, {@code en}), {@code temperature} only; absent
 *                    when one T serves both
 * @param scale       per-type scales ({@code vector} only, else absent)
 * @param bias        per-type biases ({@code vector} only, else absent)
 * @param fittedOn    what the parameters were fitted on, e.g. {@code dev.jsonl (2,900 rows)}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"method", "temperature", "languageTemperatures", "scale", "bias", "fittedOn"})
public record Calibration(String method, Double temperature, Map<String, Double> languageTemperatures,
                          List<Double> scale, List<Double> bias, String fittedOn) {

    /** A calibration with one set of parameters for every language. */
    public Calibration(String method, Double temperature, List<Double> scale, List<Double> bias, String fittedOn) {
        this(method, temperature, null, scale, bias, fittedOn);
    }

    public static final String NONE_METHOD = "none";
    public static final String TEMPERATURE = "temperature";
    public static final String VECTOR = "vector";

    /** No calibration. */
    public static final Calibration NONE = new Calibration(NONE_METHOD, 1.0, null, null, "nothing");

    private static final int K = QueryType.values().length;
    /** Bounds that keep {@code exp} finite for any probability a double can hold. */
    static final double MIN_TEMPERATURE = 0.05;
    static final double MAX_TEMPERATURE = 20;

    public static Calibration temperature(double t, String fittedOn) {
        return new Calibration(TEMPERATURE, t, null, null, fittedOn);
    }

    /** Temperature scaling with a temperature per language, and the pooled one for any other language. */
    public static Calibration temperature(double pooled, Map<String, Double> perLanguage, String fittedOn) {
        return new Calibration(TEMPERATURE, pooled, Map.copyOf(perLanguage), null, null, fittedOn);
    }

    public static Calibration vector(double[] scale, double[] bias, String fittedOn) {
        return new Calibration(VECTOR, 1.0, List.of(scale[0], scale[1], scale[2]), List.of(bias[0], bias[1], bias[2]),
                fittedOn);
    }

    /** Why these parameters cannot be applied, or {@code null} when they can. */
    @JsonIgnore
    public String problem() {
        if (method == null || temperature == null || fittedOn == null) {
            return "calibration lacks method, temperature or fittedOn";
        }
        switch (method) {
            case NONE_METHOD -> {
                if (languageTemperatures != null) {
                    return "language temperatures need method temperature, found " + method;
                }
                return temperature == 1.0 ? null : "method none needs temperature 1, found " + temperature;
            }
            case TEMPERATURE -> {
                if (languageTemperatures != null) {
                    for (Map.Entry<String, Double> e : languageTemperatures.entrySet()) {
                        if (e.getKey() == null || e.getValue() == null || !inRange(e.getValue())) {
                            return "language temperatures must be in [" + MIN_TEMPERATURE + ", " + MAX_TEMPERATURE
                                    + "], found " + languageTemperatures;
                        }
                    }
                }
                return inRange(temperature) ? null
                        : "temperature must be in [" + MIN_TEMPERATURE + ", " + MAX_TEMPERATURE + "], found " + temperature;
            }
            case VECTOR -> {
                if (languageTemperatures != null) {
                    return "language temperatures need method temperature, found " + method;
                }
                if (scale == null || bias == null || scale.size() != K || bias.size() != K) {
                    return "vector calibration needs " + K + " scales and " + K + " biases, found " + scale + " and " + bias;
                }
                for (int i = 0; i < K; i++) {
                    Double s = scale.get(i);
                    Double b = bias.get(i);
                    if (s == null || b == null || !(s >= 1 / MAX_TEMPERATURE && s <= 1 / MIN_TEMPERATURE)
                            || !(Math.abs(b) <= 50)) {
                        return "vector calibration parameters out of range: scale " + scale + ", bias " + bias;
                    }
                }
                return temperature == 1.0 ? null : "method vector needs temperature 1, found " + temperature;
            }
            default -> {
                return "unknown calibration method '" + method + "' (expected none, temperature or vector)";
            }
        }
    }

    private static boolean inRange(double t) {
        return t >= MIN_TEMPERATURE && t <= MAX_TEMPERATURE;
    }

    /** Whether this calibration changes anything. */
    @JsonIgnore
    public boolean isIdentity() {
        return NONE_METHOD.equals(method);
    }

    /** {@link #apply(double[], String)} for a query of no known language: the pooled parameters. */
    public void apply(double[] p) {
        apply(p, null);
    }

    /**
     * Calibrates normalised probabilities (summing to 1, QueryType order) of a query in the given detected language
     * ({@code ja}, {@code en}; {@code null} when unknown) in place. Computed in log space relative to the largest
     * term, so nothing overflows; a probability of 0 stays 0.
     */
    public void apply(double[] p, String language) {
        if (isIdentity()) {
            return;
        }
        double t = temperature;
        if (languageTemperatures != null && language != null) {
            t = languageTemperatures.getOrDefault(language, temperature);
        }
        double[] z = new double[K];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < K; i++) {
            double log = Math.log(p[i]);
            z[i] = method.equals(VECTOR) ? scale.get(i) * log + bias.get(i) : log / t;
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = 0; i < K; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < K; i++) {
            p[i] = z[i] / sum;
        }
    }
}
