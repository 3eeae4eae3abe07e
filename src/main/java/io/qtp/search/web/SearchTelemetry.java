package io.qtp.search.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.qtp.prediction.PredictionResult;
import io.qtp.store.QueryLogWriter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What every answered search leaves behind (issue 17): its metrics, in the naming style of the seed's metrics, and
 * its {@code query_logs} row (through {@link QueryLogWriter}: asynchronous, never slowing or failing the search).
 *
 * <ul>
 * <li>{@code search_requests_total{strategy,query_type}}: searches answered, by the strategy that ranked them
 *     ({@code learned} for the learned fusion) and the predicted type;</li>
 * <li>{@code search_zero_results_total{strategy,query_type}}: those that found nothing;</li>
 * <li>{@code search_stage_duration_ms{stage,strategy}}: the time of each stage in ms ({@code predict}, {@code embed}
 *     (only when the query was embedded), {@code sql}, {@code fusion} (learned fusion only) and {@code total}),
 *     buckets 1, 5, 15, 50, 100, 200, 500, 1000, 2000, 5000 (those of {@code http_request_duration_ms}).</li>
 * </ul>
 */
@ApplicationScoped
public class SearchTelemetry {

    static final double[] DURATION_BUCKETS_MS = {1, 5, 15, 50, 100, 200, 500, 1000, 2000, 5000};
    /** The stages of {@code SearchService.Response.timings} (key {@code <stage>Ms}) that are recorded. */
    static final List<String> STAGES = List.of("predict", "embed", "sql", "fusion", "total");

    private final MeterRegistry registry;
    private final QueryLogWriter queryLogs;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> durations = new ConcurrentHashMap<>();

    public SearchTelemetry(MeterRegistry registry, QueryLogWriter queryLogs) {
        this.registry = registry;
        this.queryLogs = queryLogs;
    }

    /** Records one answered search: metrics now, its query-log row queued. */
    public void searched(PredictionResult prediction, String strategy, Map<String, Double> weights,
            List<String> resultIds, Map<String, Double> timings) {
        String type = prediction.prediction().type().label();
        counter("search.requests", "Searches answered, by strategy and predicted query type", strategy, type).increment();
        if (resultIds.isEmpty()) {
            counter("search.zero.results", "Searches that found no result", strategy, type).increment();
        }
        for (String stage : STAGES) {
            Double ms = timings.get(stage + "Ms");
            if (ms != null && (ms > 0 || !stage.equals("embed"))) {
                duration(stage, strategy).record(ms);
            }
        }
        queryLogs.onSearch(prediction, null, strategy, weights, resultIds, timings.getOrDefault("totalMs", 0.0));
    }

    private Counter counter(String name, String description, String strategy, String type) {
        return counters.computeIfAbsent(name + '\u0000' + strategy + '\u0000' + type, k -> Counter.builder(name)
                .description(description).tags("strategy", strategy, "query_type", type).register(registry));
    }

    private DistributionSummary duration(String stage, String strategy) {
        return durations.computeIfAbsent(stage + '\u0000' + strategy, k -> DistributionSummary
                .builder("search.stage.duration.ms").description("Duration of each stage of a search in ms")
                .tags("stage", stage, "strategy", strategy).serviceLevelObjectives(DURATION_BUCKETS_MS)
                .register(registry));
    }
}
