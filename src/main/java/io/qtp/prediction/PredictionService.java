package io.qtp.prediction;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.RuleBasedScorer;
import io.qtp.model.ModelRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Analyses a query and classifies it. CPU-only and non-blocking: it runs on the event loop.
 *
 * <p>The classifier chain per request: the trained model the registry selects for the user (current, or the
 * green candidate for canary users and the green share of traffic); when no model has loaded yet, or the model
 * throws, the rule-based scorer answers, flagged {@code fallback: true}.
 */
@Singleton
public class PredictionService {

    private static final Logger LOG = Logger.getLogger(PredictionService.class);

    private final QueryAnalyzer analyzer;
    private final PredictionMetrics metrics;
    private final ModelRegistry models;
    private final List<PredictionObserver> observers;
    private final RuleBasedScorer rules = new RuleBasedScorer();

    public PredictionService(QueryAnalyzer analyzer, PredictionMetrics metrics, ModelRegistry models,
            Instance<PredictionObserver> observers) {
        this.analyzer = analyzer;
        this.metrics = metrics;
        this.models = models;
        this.observers = observers.stream().toList();
    }

    /** Predicts the type of one query, already validated and cleaned; {@code userId} may be null. */
    public PredictionResult predict(String query, String userId) {
        long start = System.nanoTime();
        QueryAnalysis analysis = analyzer.analyze(query);
        QueryClassifier model = models.select(userId);
        Prediction prediction = null;
        if (model != null) {
            try {
                prediction = model.classify(analysis);
            } catch (RuntimeException e) {
                LOG.warnf(e, "model %s failed; answering with the rule-based scorer", model.version());
            }
        }
        boolean fallback = prediction == null;
        if (fallback) {
            prediction = rules.classify(analysis);
        }
        metrics.record(prediction.type(), prediction.modelVersion(), System.nanoTime() - start);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Prediction completed: query=%s predictedType=%s confidence=%.3f model=%s", query,
                    prediction.type().label(), prediction.confidence(), prediction.modelVersion());
        }
        PredictionResult result = new PredictionResult(query, analysis.language(), prediction, fallback, false);
        notifyObservers(result, userId);
        return result;
    }

    private void notifyObservers(PredictionResult result, String userId) {
        for (PredictionObserver o : observers) {
            try {
                o.onPrediction(result, userId);
            } catch (RuntimeException e) {
                LOG.warnf(e, "prediction observer %s failed", o.getClass().getSimpleName());
            }
        }
    }

    public List<PredictionResult> predictAll(List<String> queries, String userId) {
        List<PredictionResult> results = new ArrayList<>(queries.size());
        for (String q : queries) {
            results.add(predict(q, userId));
        }
        return results;
    }

    /** Classifies with the current model only, without recording metrics: the health check's probe. */
    public Prediction probe(String query) {
        QueryClassifier model = models.select(null);
        if (model == null) {
            throw new IllegalStateException("no trained model is loaded");
        }
        return model.classify(analyzer.analyze(query));
    }

    /** True when a trained model serves (readiness). */
    public boolean ready() {
        return models.loaded();
    }
}
