package io.qtp.classify;

import java.util.Arrays;

/**
 * One classification: the predicted type, a probability per type (indexed by {@link QueryType#ordinal()},
 * summing to 1) and the version of the classifier that made it.
 */
public record Prediction(QueryType type, double[] probabilities, String modelVersion) {

    public Prediction {
        if (probabilities.length != QueryType.values().length) {
            throw new IllegalArgumentException("one probability per query type expected");
        }
        probabilities = probabilities.clone();
    }

    /** Builds a prediction whose type is the most probable one. */
    public static Prediction fromProbabilities(double[] probabilities, String modelVersion) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new Prediction(QueryType.values()[best], probabilities, modelVersion);
    }

    public double probability(QueryType t) {
        return probabilities[t.ordinal()];
    }

    /** The probability of the predicted type. */
    public double confidence() {
        return probabilities[type.ordinal()];
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && p.type == type && Arrays.equals(p.probabilities, probabilities)
                && p.modelVersion.equals(modelVersion);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(probabilities)) + modelVersion.hashCode();
    }

    @Override
    public String toString() {
        return "Prediction[" + type.label() + " " + Arrays.toString(probabilities) + " by " + modelVersion + "]";
    }
}
