package io.qtp.classify.trained;

import io.qtp.analysis.QueryAnalysis;

/**
 * The index-based serving form of a trained model ({@link CompiledLinearModel}, {@link CompiledTreeModel}): the same
 * probabilities as Tribuo's {@code predict}, read from arrays instead of named features.
 */
interface CompiledModel {

    /** The three probabilities in {@link io.qtp.classify.QueryType} order. */
    double[] probabilities(QueryAnalysis analysis);

    /**
     * The largest difference from Tribuo's probabilities that {@link ModelBundle}'s probe accepts: linear models
     * repeat Tribuo's double arithmetic (1e-9); XGBoost sums and normalises in float (1e-5).
     */
    default double tolerance() {
        return 1e-9;
    }
}
