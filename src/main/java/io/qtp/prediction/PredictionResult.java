package io.qtp.prediction;

import io.qtp.analysis.Language;
import io.qtp.classify.Prediction;

/**
 * What the service answers for one query: the classifier's prediction plus how it was obtained.
 *
 * @param query      the cleaned query that was classified
 * @param language   the detected language
 * @param prediction type, probabilities and the version of the classifier that served
 * @param fallback   true when the primary model could not serve and the rule-based scorer answered
 * @param fromCache  true when the prediction came from the cache
 */
public record PredictionResult(String query, Language language, Prediction prediction, boolean fallback,
        boolean fromCache) {
}
