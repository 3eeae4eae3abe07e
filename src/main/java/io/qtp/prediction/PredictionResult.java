package io.qtp.prediction;

import java.util.UUID;

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
 * @param degraded   true when the service answered in degraded mode (memory pressure or backlog, see
 *                   {@link Degradation}): from the cache or with the rule-based scorer
 * @param queryId    identifies this answer (a new one per answer, cached or not): the {@code query_logs} row's id,
 *                   which feedback names ({@link QueryIds})
 */
public record PredictionResult(String query, Language language, Prediction prediction, boolean fallback,
        boolean fromCache, boolean degraded, UUID queryId) {

    /** A result with a new query id. */
    public PredictionResult(String query, Language language, Prediction prediction, boolean fallback, boolean fromCache,
            boolean degraded) {
        this(query, language, prediction, fallback, fromCache, degraded, QueryIds.next());
    }
}
