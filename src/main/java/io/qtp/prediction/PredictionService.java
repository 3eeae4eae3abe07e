package io.qtp.prediction;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.RuleBasedScorer;
import jakarta.inject.Singleton;

/**
 * Analyses a query and classifies it. CPU-only and non-blocking: it runs on the event loop.
 *
 * <p>The classifier chain is: primary classifier, and when it is missing or throws, the rule-based scorer,
 * flagged as a fallback.
 */
@Singleton
public class PredictionService {

    private static final Logger LOG = Logger.getLogger(PredictionService.class);

    private final QueryAnalyzer analyzer;
    private final PredictionMetrics metrics;
    private final RuleBasedScorer rules = new RuleBasedScorer();
    private volatile QueryClassifier primary = rules;

    public PredictionService(QueryAnalyzer analyzer, PredictionMetrics metrics) {
        this.analyzer = analyzer;
        this.metrics = metrics;
    }

    /** Predicts the type of one query, already validated and cleaned. */
    public PredictionResult predict(String query) {
        long start = System.nanoTime();
        QueryAnalysis analysis = analyzer.analyze(query);
        QueryClassifier classifier = primary;
        Prediction prediction;
        boolean fallback = false;
        if (classifier == rules) {
            prediction = rules.classify(analysis);
        } else {
            try {
                prediction = classifier.classify(analysis);
            } catch (RuntimeException e) {
                LOG.warnf(e, "classifier %s failed; answering with the rule-based scorer", classifier.version());
                prediction = rules.classify(analysis);
                fallback = true;
            }
        }
        metrics.record(prediction.type(), System.nanoTime() - start);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Prediction completed: query=%s predictedType=%s confidence=%.3f", query,
                    prediction.type().label(), prediction.confidence());
        }
        return new PredictionResult(query, analysis.language(), prediction, fallback, false);
    }

    public List<PredictionResult> predictAll(List<String> queries) {
        List<PredictionResult> results = new ArrayList<>(queries.size());
        for (String q : queries) {
            results.add(predict(q));
        }
        return results;
    }

    /** The classifier that serves when nothing fails. */
    public QueryClassifier primary() {
        return primary;
    }

    /** True when a classifier can serve (the rule-based scorer always can). */
    public boolean ready() {
        return primary != null;
    }
}
