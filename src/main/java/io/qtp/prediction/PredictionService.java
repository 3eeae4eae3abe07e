package io.qtp.prediction;

import java.util.List;

import org.jboss.logging.Logger;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.cache.PredictionCache;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.RuleBasedScorer;
import io.qtp.model.ModelRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
    private final PredictionCache cache;
    private final Degradation degradation;

    public PredictionService(QueryAnalyzer analyzer, PredictionMetrics metrics, ModelRegistry models,
            Instance<PredictionObserver> observers, PredictionCache cache, Degradation degradation) {
        this.degradation = degradation;
        this.analyzer = analyzer;
        this.metrics = metrics;
        this.models = models;
        this.observers = observers.stream().toList();
        this.cache = cache;
    }

    /**
     * What every entry point serves (HTTP, batch, RabbitMQ): {@link #predictCached}, or {@link #predictDegraded} while
     * {@link Degradation} says so. The query is already validated and cleaned; {@code userId} may be null.
     */
    public Uni<PredictionResult> serve(String query, String userId) {
        if (degradation.enter()) {
            degradation.exit();
            return Uni.createFrom().item(() -> predictDegraded(query, userId));
        }
        return leaving(() -> predictCached(query, userId));
    }

    /** {@link #serve} for a batch: degraded as a whole or not at all; results in order. */
    public Uni<List<PredictionResult>> serveAll(List<String> queries, String userId) {
        if (degradation.enter()) {
            degradation.exit();
            return Uni.createFrom().item(() -> queries.stream().map(q -> predictDegraded(q, userId)).toList());
        }
        return leaving(() -> predictAllCached(queries, userId));
    }

    /** The prediction, leaving {@link Degradation}'s count when it ends, or at once when it cannot even start. */
    private <T> Uni<T> leaving(java.util.function.Supplier<Uni<T>> prediction) {
        try {
            return prediction.get().onTermination().invoke(degradation::exit);
        } catch (RuntimeException e) {
            degradation.exit();
            throw e;
        }
    }

    /**
     * Predicts the type of one query, already validated and cleaned, without the cache and without telling the
     * {@link PredictionObserver}s: the caller (search) logs its own, fuller query-log row under the result's
     * {@code queryId}. {@code userId} may be null. Recorded in the prediction metrics like every prediction.
     */
    public PredictionResult predict(String query, String userId) {
        return classify(query, userId, models.select(userId), System.nanoTime(), false, false);
    }

    /**
     * Like {@link #predict}, through the prediction cache, keyed by the version of the classifier selected for
     * this request (blue/green: the version depends on the user). A memory hit completes at once; a Redis
     * look-up is asynchronous and bounded, and the cache never fails a prediction. Cached answers count in the
     * prediction metrics like computed ones (they are predictions served; the duration is the time to answer).
     * Rule-based fallbacks are not cached: they stand in for a model only until it loads.
     */
    public Uni<PredictionResult> predictCached(String query, String userId) {
        long start = System.nanoTime();
        QueryClassifier model = models.select(userId);
        if (model == null) {
            return Uni.createFrom().item(() -> classify(query, userId, null, start, false, true));
        }
        String version = model.version();
        Context caller = Vertx.currentContext();
        return cache.get(version, query)
                // A Redis answer (or its timeout) arrives on another thread: classify back on the caller's
                // event loop, where observers expect to run.
                .emitOn(r -> {
                    if (caller == null || Vertx.currentContext() == caller) {
                        r.run();
                    } else {
                        caller.runOnContext(v -> r.run());
                    }
                })
                .map(hit -> hit != null ? fromCache(query, userId, hit, start) : classifyAndCache(query, userId, model, start));
    }

    /** {@link #predictCached} for each query, concurrently, results in order. */
    public Uni<List<PredictionResult>> predictAllCached(List<String> queries, String userId) {
        if (queries.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(queries.stream().map(q -> predictCached(q, userId)).toList()).andFailFast();
    }

    private PredictionResult classifyAndCache(String query, String userId, QueryClassifier model, long start) {
        PredictionResult result = classify(query, userId, model, start, false, true);
        if (!result.fallback()) {
            cache.put(model.version(), query, new PredictionCache.Entry(result.language(), result.prediction()));
        }
        return result;
    }

    private PredictionResult fromCache(String query, String userId, PredictionCache.Entry hit, long start) {
        Prediction prediction = hit.prediction();
        metrics.record(prediction.type(), prediction.modelVersion(), System.nanoTime() - start);
        PredictionResult result = new PredictionResult(query, hit.language(), prediction, false, true);
        notifyObservers(result, userId);
        return result;
    }

    private PredictionResult classify(String query, String userId, QueryClassifier model, long start, boolean light,
            boolean observed) {
        QueryAnalysis analysis = light ? analyzer.analyzeLight(query) : analyzer.analyze(query);
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
        if (observed) {
            notifyObservers(result, userId);
        }
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

    /**
     * Degraded mode ({@link Degradation}: memory pressure or a long backlog): the in-process cache's answer when it
     * has one, else the rule-based scorer on the simplified analysis ({@link QueryAnalyzer#analyzeLight}: no OpenNLP
     * models); never the model, Redis or a cache write. Flagged {@code degraded}.
     */
    public PredictionResult predictDegraded(String query, String userId) {
        long start = System.nanoTime();
        QueryClassifier model = models.select(userId);
        PredictionCache.Entry hit = model == null ? null : cache.getLocal(model.version(), query);
        PredictionResult r = hit != null ? fromCache(query, userId, hit, start) : classify(query, userId, null, start, true, true);
        return r.asDegraded();
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
