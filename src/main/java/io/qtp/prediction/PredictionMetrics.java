package io.qtp.prediction;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.qtp.classify.QueryType;
import jakarta.inject.Singleton;

/**
 * The seed's prediction metrics, with exactly its names, labels and buckets:
 * {@code query_type_predictions_total{predicted_type}} and
 * {@code query_type_prediction_duration_ms{predicted_type}} (buckets 1, 5, 15, 50, 100, 200, 500, 1000 ms).
 * Meters are created once per type so that recording costs no look-up on the hot path.
 */
@Singleton
public class PredictionMetrics {

    static final double[] DURATION_BUCKETS_MS = {1, 5, 15, 50, 100, 200, 500, 1000};

    private final Map<QueryType, Counter> counters = new EnumMap<>(QueryType.class);
    private final Map<QueryType, DistributionSummary> durations = new EnumMap<>(QueryType.class);

    public PredictionMetrics(MeterRegistry registry) {
        for (QueryType t : QueryType.values()) {
            counters.put(t, Counter.builder("query.type.predictions")
                    .description("Total number of query type predictions")
                    .tag("predicted_type", t.label())
                    .register(registry));
            durations.put(t, DistributionSummary.builder("query.type.prediction.duration.ms")
                    .description("Duration of query type predictions in ms")
                    .tag("predicted_type", t.label())
                    .serviceLevelObjectives(DURATION_BUCKETS_MS)
                    .register(registry));
        }
    }

    public void record(QueryType type, long elapsedNanos) {
        counters.get(type).increment();
        durations.get(type).record(elapsedNanos / 1_000_000.0);
    }
}
