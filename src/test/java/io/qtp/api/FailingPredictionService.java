package io.qtp.api;

import io.qtp.analysis.QueryAnalyzer;
import io.qtp.lifecycle.ModelRegistry;
import io.qtp.prediction.PredictionMetrics;
import io.qtp.prediction.PredictionResult;
import io.qtp.prediction.PredictionService;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/** Test-only: a prediction service that fails unexpectedly for one trigger query, to exercise the 500 path. */
@Alternative
@Singleton
public class FailingPredictionService extends PredictionService {

    public static final String TRIGGER = "trigger an unexpected failure";

    public FailingPredictionService(QueryAnalyzer analyzer, PredictionMetrics metrics, ModelRegistry models,
            jakarta.enterprise.inject.Instance<io.qtp.prediction.PredictionObserver> observers,
            io.qtp.cache.PredictionCache cache, io.qtp.prediction.Degradation degradation) {
        super(analyzer, metrics, models, observers, cache, degradation);
    }

    @Override
    protected io.smallrye.mutiny.Uni<PredictionResult> predictCached(String query, String userId, boolean observed) {
        if (query.equals(TRIGGER)) {
            throw new IllegalStateException("simulated bug for " + query);
        }
        return super.predictCached(query, userId, observed);
    }
}
