package io.qtp.health;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.qtp.healthcheck.ComponentStatus;
import io.qtp.healthcheck.DependencyCheck;
import io.qtp.lifecycle.ModelRegistry;
import io.qtp.lifecycle.ModelStatus;
import io.qtp.prediction.Degradation;
import io.qtp.prediction.PredictionService;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Health endpoints in the shapes of README.md "Health and metrics" (and the seed): {@code /health}, {@code /health/live},
 * {@code /health/ready}, {@code /health/details}.
 *
 * <p>Written as plain routes rather than with SmallRye Health because the spec fixes response bodies
 * ({@code {"status":"ok","modelLoaded":true}}, the seed's details document) that SmallRye's format differs from.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Health")
public class HealthResource {

    private static final String PROBE_QUERY = "test query";

    /** No check may hold {@code /health/details} longer than this, even when a dependency hangs. */
    static final Duration CHECK_TIMEOUT = Duration.ofMillis(900);

    private final PredictionService predictions;
    private final ModelRegistry models;
    private final List<DependencyCheck> checks;
    private final Degradation degradation;
    private volatile boolean draining;

    public HealthResource(PredictionService predictions, ModelRegistry models, Instance<DependencyCheck> checks,
            Degradation degradation) {
        this.predictions = predictions;
        this.models = models;
        this.degradation = degradation;
        this.checks = checks.stream().sorted(java.util.Comparator.comparing(DependencyCheck::name)).toList();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        draining = true;
    }

    /** SIGTERM: readiness turns false at once, while requests are still served for {@code SHUTDOWN_DELAY}. */
    void onShutdownDelay(@Observes io.quarkus.runtime.ShutdownDelayInitiatedEvent event) {
        draining = true;
        org.jboss.logging.Logger.getLogger(HealthResource.class)
                .info("Shutting down: /health/ready answers 503; requests in flight are finished first");
    }

    @GET
    @NonBlocking
    @Operation(summary = "200 when a model can serve predictions, else 503")
    public RestResponse<Map<String, Object>> health() {
        boolean loaded = predictions.ready();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", loaded ? "ok" : "unavailable");
        body.put("modelLoaded", loaded);
        return RestResponse.status(loaded ? RestResponse.Status.OK : RestResponse.Status.SERVICE_UNAVAILABLE, body);
    }

    @GET
    @Path("/live")
    @NonBlocking
    @Operation(summary = "200 while the process is alive; touches no dependency")
    public Map<String, Object> live() {
        return Map.of("status", "ok");
    }

    @GET
    @Path("/ready")
    @NonBlocking
    @Operation(summary = "200 when a model is loaded and the service is not draining, else 503",
            description = "Degraded answers (memory pressure, backlog) still serve: readiness stays 200 while degraded;"
                    + " /health/details says why and since when.")
    public RestResponse<Map<String, Object>> ready() {
        boolean ready = predictions.ready() && !draining;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ok" : "unavailable");
        body.put("modelLoaded", predictions.ready());
        body.put("draining", draining);
        return RestResponse.status(ready ? RestResponse.Status.OK : RestResponse.Status.SERVICE_UNAVAILABLE, body);
    }

    @GET
    @Path("/details")
    @RunOnVirtualThread
    @Operation(summary = "Each component checked for real, degradation (why and since when), memory and uptime",
            description = "status is degraded when a component fails or when predictions are answered degraded"
                    + " (memory pressure, backlog, event-loop lag).")
    public Map<String, Object> details() {
        Map<String, ComponentStatus> components = new LinkedHashMap<>();
        components.put("model", checkModel());
        components.putAll(checkDependencies());
        components.putIfAbsent("database", ComponentStatus.notConfigured("DATABASE_URL is not set"));
        components.putIfAbsent("cache", ComponentStatus.notConfigured("REDIS_HOST is not set; no cache in use"));
        boolean allOk = components.values().stream().allMatch(ComponentStatus::ok);
        Degradation.Status degraded = degradation.status();

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allOk && !degraded.active() ? "ok" : "degraded");
        body.put("components", components);
        body.put("degradation", degradation(degraded));
        body.put("memory", MemoryReport.now(degraded.memory()));
        body.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000 + " seconds");
        return body;
    }

    /** {@code {"active", "since"?, "reasons": [{"reason", "since", "detail"}]}}. */
    private static Map<String, Object> degradation(Degradation.Status s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", s.active());
        if (s.since() != null) {
            out.put("since", s.since().toString());
        }
        out.put("reasons", s.reasons().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reason", r.reason());
            m.put("since", r.since().toString());
            m.put("detail", r.detail());
            return m;
        }).toList());
        return out;
    }

    /** Runs every dependency check in parallel on virtual threads, each bounded by {@link #CHECK_TIMEOUT}. */
    private Map<String, ComponentStatus> checkDependencies() {
        Map<String, ComponentStatus> out = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<ComponentStatus>> running = new LinkedHashMap<>();
            long start = System.nanoTime();
            for (DependencyCheck c : checks) {
                running.put(c.name(), pool.submit(c::check));
            }
            long deadline = start + CHECK_TIMEOUT.toNanos();
            for (Map.Entry<String, Future<ComponentStatus>> e : running.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException t) {
                    e.getValue().cancel(true);
                    out.put(e.getKey(), ComponentStatus.failed("no answer within " + CHECK_TIMEOUT.toMillis() + " ms",
                            (double) CHECK_TIMEOUT.toMillis()));
                } catch (ExecutionException x) {
                    out.put(e.getKey(), ComponentStatus.failed(String.valueOf(x.getCause()), null));
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    out.put(e.getKey(), ComponentStatus.failed("interrupted", null));
                }
            }
            pool.shutdownNow();
        }
        return out;
    }

    /** Like the seed: the model is healthy when it is loaded and answers a test prediction. */
    private ComponentStatus checkModel() {
        long start = System.nanoTime();
        try {
            predictions.probe(PROBE_QUERY);
            double ms = (System.nanoTime() - start) / 1e6;
            return ComponentStatus.ok(ms, ModelStatus.of(models, null));
        } catch (RuntimeException e) {
            return new ComponentStatus(false, true, e.getMessage(), (System.nanoTime() - start) / 1e6,
                    ModelStatus.of(models, null));
        }
    }
}
