package io.qtp.classify;

import io.qtp.analysis.QueryAnalysis;

/** Turns an analysed query into a prediction. Implementations are thread-safe and never block. */
public interface QueryClassifier {

    Prediction classify(QueryAnalysis analysis);

    /** The version reported as {@code modelVersion} in responses, e.g. {@code rules-1} or {@code 1.2.0}. */
    String version();
}
