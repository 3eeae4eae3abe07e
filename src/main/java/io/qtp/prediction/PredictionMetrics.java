package io.qtp.prediction;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.qtp.classify.QueryType;
import jakarta.inject.Singleton;

/**
 * The seed's prediction metrics, with exactly its names, label and buckets:
 * {@code query_type_predictions_total{predicted_type}} and
 * {@code query_type_prediction_duration_ms{predicted_type}} (buckets 1, 5, 15, 50, 100, 200, 500, 1000 ms),
 * plus a {@code model_version} label so that blue and green models can be compared. Meters are created once
 * per (version, type), so recording costs one map look-up on the hot path.
 */
@Singleton
public class PredictionMetrics {

    static final double[] DURATION_BUCKETS_MS = {1, 5, 15, 50, 100, 200, 500, 1000};

    private record Meters(Counter count, DistributionSummary duration) {
    }

    private final MeterRegistry registry;
    private final Map<String, Map<QueryType, Meters>> byVersion = new ConcurrentHashMap<>();

    public PredictionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(QueryType type, String modelVersion, long elapsedNanos) {
        Meters m = byVersion.computeIfAbsent(modelVersion, this::metersFor).get(type);
        m.count.increment();
        m.duration.record(elapsedNanos / 1_000_000.0);
    }

    private Map<QueryType, Meters> metersFor(String version) {
        Map<QueryType, Meters> meters = new EnumMap<>(QueryType.class);
        for (QueryType t : QueryType.values()) {
            meters.put(t, new Meters(
                    Counter.builder("query.type.predictions")
                            .description("Total number of query type predictions")
                            .tags("predicted_type", t.label(), "model_version", version)
                            .register(registry),
                    DistributionSummary.builder("query.type.prediction.duration.ms")
                            .description("Duration of query type predictions in ms")
                            .tags("predicted_type", t.label(), "model_version", version)
                            .serviceLevelObjectives(DURATION_BUCKETS_MS)
                            .register(registry)));
        }
        return meters;
    }
}
