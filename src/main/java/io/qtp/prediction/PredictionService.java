package io.qtp.prediction;

import java.util.List;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.cache.PredictionCache;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.RuleBasedScorer;
import io.qtp.lifecycle.ModelRegistry;
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
     * What every entry point serves (HTTP, batch, RabbitMQ): one {@link Degradation#admit admission} per request, then
     * {@link #predictCached}, or {@link #predictDegraded} when the admission says so; the observers are told of the
     * answer once, with its final flags. The query is already validated and normalised ({@code http.QueryInput});
     * {@code userId} may be null.
     */
    public Uni<PredictionResult> serve(String query, String userId) {
        return admitted(degraded -> predictOne(query, userId, degraded, true));
    }

    /**
     * {@link #serve} for a caller that logs its own, fuller query-log row under the result's {@code queryId} (search):
     * the same admission, cache and degradation, but the {@link PredictionObserver}s are not told (they would log a
     * second row for the same query). Recorded in the prediction metrics like every prediction.
     */
    public Uni<PredictionResult> serveUnobserved(String query, String userId) {
        return admitted(degraded -> predictOne(query, userId, degraded, false));
    }

    /** {@link #serve} for a batch: one admission, so degraded as a whole or not at all; results in order. */
    public Uni<List<PredictionResult>> serveAll(List<String> queries, String userId) {
        return admitted(degraded -> degraded
                ? Uni.createFrom().item(() -> queries.stream().map(q -> predictDegraded(q, userId, true)).toList())
                : predictAllCached(queries, userId));
    }

    private Uni<PredictionResult> predictOne(String query, String userId, boolean degraded, boolean observed) {
        return degraded ? Uni.createFrom().item(() -> predictDegraded(query, userId, observed))
                : predictCached(query, userId, observed);
    }

    /**
     * The request's admission, decided once and held until its answer ends (or released at once when the answer
     * cannot even start).
     */
    private <T> Uni<T> admitted(Function<Boolean, Uni<T>> answer) {
        Degradation.Admission admission = degradation.admit();
        try {
            return answer.apply(admission.degraded()).onTermination().invoke(admission::close);
        } catch (RuntimeException e) {
            admission.close();
            throw e;
        }
    }

    /**
     * The prediction through the prediction cache, keyed by the version of the classifier selected for this request
     * (blue/green: the version depends on the user). A memory hit completes at once; a Redis look-up is asynchronous
     * and bounded, and the cache never fails a prediction. Cached answers count in the prediction metrics like
     * computed ones (they are predictions served; the duration is the time to answer). Rule-based fallbacks are not
     * cached: they stand in for a model only until it loads. Entry points call {@link #serve}, which admits first.
     */
    protected Uni<PredictionResult> predictCached(String query, String userId, boolean observed) {
        long start = System.nanoTime();
        QueryClassifier model = models.select(userId);
        if (model == null) {
            return Uni.createFrom().item(() -> classify(query, userId, null, start, false, observed));
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
                .map(hit -> hit != null ? fromCache(query, userId, hit, start, false, observed)
                        : classifyAndCache(query, userId, model, start, observed));
    }

    /** {@link #predictCached} for each query, concurrently, results in order. */
    private Uni<List<PredictionResult>> predictAllCached(List<String> queries, String userId) {
        if (queries.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(queries.stream().map(q -> predictCached(q, userId, true)).toList()).andFailFast();
    }

    private PredictionResult classifyAndCache(String query, String userId, QueryClassifier model, long start,
            boolean observed) {
        PredictionResult result = classify(query, userId, model, start, false, observed);
        if (!result.fallback()) {
            cache.put(model.version(), query, new PredictionCache.Entry(result.language(), result.prediction()));
        }
        return result;
    }

    private PredictionResult fromCache(String query, String userId, PredictionCache.Entry hit, long start,
            boolean degraded, boolean observed) {
        Prediction prediction = hit.prediction();
        metrics.record(prediction.type(), prediction.modelVersion(), System.nanoTime() - start);
        return told(new PredictionResult(query, hit.language(), prediction, false, true, degraded), userId, observed);
    }

    /**
     * Analyses and classifies. {@code degraded}: the simplified analysis ({@link QueryAnalyzer#analyzeLight}) for the
     * rule-based scorer ({@code model} null), and the result flagged degraded.
     */
    private PredictionResult classify(String query, String userId, QueryClassifier model, long start, boolean degraded,
            boolean observed) {
        QueryAnalysis analysis = degraded ? analyzer.analyzeLight(query) : analyzer.analyze(query);
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
        return told(new PredictionResult(query, analysis.language(), prediction, fallback, false, degraded), userId,
                observed);
    }

    /** The result, after telling the observers of it when {@code observed}. */
    private PredictionResult told(PredictionResult result, String userId, boolean observed) {
        if (!observed) {
            return result;
        }
        for (PredictionObserver o : observers) {
            try {
                o.onPrediction(result, userId);
            } catch (RuntimeException e) {
                LOG.warnf(e, "prediction observer %s failed", o.getClass().getSimpleName());
            }
        }
        return result;
    }

    /**
     * Degraded mode ({@link Degradation}: memory pressure or a long backlog): the in-process cache's answer when it
     * has one, else the rule-based scorer on the simplified analysis ({@link QueryAnalyzer#analyzeLight}: no OpenNLP
     * models); never the model, Redis or a cache write. Flagged {@code degraded} from the start, so the observers see
     * the flag.
     */
    PredictionResult predictDegraded(String query, String userId, boolean observed) {
        long start = System.nanoTime();
        QueryClassifier model = models.select(userId);
        PredictionCache.Entry hit = model == null ? null : cache.getLocal(model.version(), query);
        return hit != null ? fromCache(query, userId, hit, start, true, observed)
                : classify(query, userId, null, start, true, observed);
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
