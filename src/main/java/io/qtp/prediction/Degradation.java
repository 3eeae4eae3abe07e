package io.qtp.prediction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qtp.config.AppConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Graceful degradation (the seed's design): under memory pressure or a long backlog the service keeps answering,
 * from the cache or with the rule-based scorer ({@link PredictionService#predictDegraded}), flagged
 * {@code "degraded": true}, instead of failing. Each request is {@linkplain #admit() admitted} once: the admission
 * decides how it is served and counts it in progress until it ends.
 *
 * <ul>
 *   <li>Memory pressure: the long-lived heap after a collection of it, at or above {@code DEGRADE_HEAP_PERCENT} of
 *       its maximum. "Long-lived heap" and "after a collection of it" are Micrometer's {@link JvmGcMetrics}
 *       definitions ({@code jvm.gc.live.data.size} and {@code jvm.gc.max.data.size}), which know each collector:
 *       the old generation ({@code PS Old Gen}, {@code Tenured Gen}, {@code G1 Old Gen}, {@code ZGC Old Generation})
 *       measured after a full / major collection ({@code PS MarkSweep}, {@code MarkSweepCompact}, {@code G1 Old
 *       Generation}, {@code ZGC Major Cycles}) or after any collection that shrank it (G1's mixed collections and
 *       concurrent cleanup); the whole heap for single-generation collectors (Shenandoah, non-generational ZGC).
 *       Young collections never count: a survivor space that is full after a young GC is normal and says nothing
 *       about the live set (reading every pool's after-GC usage made an idle service with the parallel collector
 *       answer degraded). Sampled every 250 ms on a daemon thread, so requests only read a flag. While under
 *       pressure, when the reading has not changed for {@code qtp.degradation.memory-recheck} (30 s), the sampler
 *       asks the JVM for a collection ({@link System#gc()}, at most once per that interval) so that a service that went
 *       quiet right after a spike learns that the memory is free again; never when there is no pressure.</li>
 *   <li>Backlog: an event loop runs its tasks more than {@code DEGRADE_MAX_LOOP_LAG} late, and stays so
 *       (predictions run on the event loops, so a saturated loop means requests queueing behind each other). Each
 *       loop has a probe task due every 50 ms; the sampler reads how overdue the most overdue probe is every
 *       100 ms (which also sees a loop that is stuck right now) and calls it a backlog after
 *       {@value #LAG_SAMPLES} samples in a row over the limit, so that one pause (a GC, a stolen CPU) does not
 *       degrade the answers given just after it. Or more than {@code DEGRADE_MAX_IN_FLIGHT} prediction requests in
 *       progress (requests waiting for Redis, say).</li>
 * </ul>
 * Metrics: {@code query_type_degraded} (1 while degraded by memory), {@code query_type_event_loop_lag_seconds}
 * and {@code query_type_degraded_predictions_total}. Transitions are logged; {@link #status()} says which reasons hold
 * and since when ({@code /health/details}).
 */
@Singleton
public class Degradation {

    private static final Logger LOG = Logger.getLogger(Degradation.class);
    static final long PROBE_INTERVAL_MS = 50;
    static final long LAG_SAMPLE_INTERVAL_MS = 100;
    /** Consecutive lag samples over the limit that make a backlog (at least 200 ms of sustained lag). */
    static final int LAG_SAMPLES = 3;

    private final int heapPercent;
    private final long recheckNanos;
    private final int maxInFlight;
    private final long maxLagNanos;
    private final Vertx vertx;
    private final List<LoopProbe> probes = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter degraded;
    /** Micrometer's GC metrics in a registry of their own, so the reading does not depend on the exported binders. */
    private final SimpleMeterRegistry gcRegistry = new SimpleMeterRegistry();
    private JvmGcMetrics gcMetrics;
    private Gauge liveData;
    private Gauge maxData;
    private volatile long liveBytes = -1;
    private volatile long maxBytes = -1;
    private long lastLive = -1; // sampler thread only
    private long lastLiveChange = System.nanoTime(); // sampler thread only
    private long lastRecheck = System.nanoTime(); // sampler thread only
    private volatile boolean memoryPressure;
    private volatile long memorySince; // epoch ms, 0 when no pressure
    private volatile boolean loopsLagging;
    private volatile long lagSince;
    private int lagSamplesOver; // sampler thread only
    private volatile boolean backlogged;
    private volatile long backlogSince;
    private volatile long lastBacklogLog = System.nanoTime() - 10_000_000_000L;
    private ScheduledExecutorService sampler;

    public Degradation(AppConfig config, MeterRegistry registry, Vertx vertx) {
        this.heapPercent = config.degradation().heapPercent();
        this.recheckNanos = config.degradation().memoryRecheck().toNanos();
        this.maxInFlight = config.degradation().maxInFlight();
        this.maxLagNanos = config.degradation().maxLoopLag().toNanos();
        this.vertx = vertx;
        this.degraded = Counter.builder("query.type.degraded.predictions")
                .description("Prediction requests (a batch counts once) answered in degraded mode (cache or rule-based scorer)").register(registry);
        Gauge.builder("query.type.degraded", this, d -> d.memoryPressure ? 1 : 0)
                .description("1 while the long-lived heap after GC is at or above DEGRADE_HEAP_PERCENT of its maximum")
                .register(registry);
        Gauge.builder("query.type.event.loop.lag", this, d -> d.loopLagNanos() / 1e9).baseUnit("seconds")
                .description("How overdue the most overdue event-loop probe task is (0 when the loops keep up)")
                .register(registry);
    }

    /** A task due every {@link #PROBE_INTERVAL_MS} on one event loop; {@code dueAt} says when it should run next. */
    private final class LoopProbe implements Runnable {
        private final EventExecutor loop;
        private volatile long dueAt;

        LoopProbe(EventExecutor loop) {
            this.loop = loop;
        }

        void schedule() {
            dueAt = System.nanoTime() + PROBE_INTERVAL_MS * 1_000_000L;
            loop.schedule(this, PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!stopped) {
                schedule();
            }
        }

        long overdueNanos(long now) {
            return now - dueAt;
        }
    }

    /** How late the most overdue event loop is, in nanoseconds (0 when every loop keeps up). */
    public long loopLagNanos() {
        long now = System.nanoTime();
        long worst = 0;
        for (LoopProbe p : probes) {
            worst = Math.max(worst, p.overdueNanos(now));
        }
        return worst;
    }

    void start(@Observes StartupEvent event) {
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(gcRegistry);
        liveData = gcRegistry.find("jvm.gc.live.data.size").gauge();
        maxData = gcRegistry.find("jvm.gc.max.data.size").gauge();
        if (liveData == null || maxData == null) {
            LOG.warn("This JVM publishes no garbage-collection notifications: memory pressure is not measured");
        }
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "degradation-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(this::sampleMemory, 250, 250, TimeUnit.MILLISECONDS);
        sampler.scheduleWithFixedDelay(this::sampleLoopLag, LAG_SAMPLE_INTERVAL_MS, LAG_SAMPLE_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            LoopProbe probe = new LoopProbe(loop);
            probes.add(probe);
            probe.schedule();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (gcMetrics != null) {
            gcMetrics.close(); // removes its GC notification listeners
        }
        gcRegistry.close();
    }

    /**
     * One prediction request's admission: decided once, when the request starts, and held until it ends. While
     * held the request counts as in progress (the backlog limit); {@link #degraded()} says how it must be served.
     * {@link #close()} ends it (idempotent, so any path that ends a request may close it).
     */
    public final class Admission implements AutoCloseable {
        private final boolean degraded;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Admission(boolean degraded) {
            this.degraded = degraded;
        }

        /** True when this request must be served degraded (cache or rules), counted once in the metric. */
        public boolean degraded() {
            return degraded;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                inFlight.decrementAndGet();
            }
        }
    }

    /**
     * A prediction request starts: counts it in progress and decides, once, whether it is served degraded (memory
     * pressure, event-loop lag, or more than {@code DEGRADE_MAX_IN_FLIGHT} requests in progress with this one).
     * Close the admission when the request ends, degraded or not.
     */
    public Admission admit() {
        int n = inFlight.incrementAndGet();
        boolean over = n > maxInFlight;
        if (over != backlogged) {
            backlogged = over;
            backlogSince = over ? System.currentTimeMillis() : 0;
            // Near the limit the state may flip often: log a change at most every 10 s.
            long now = System.nanoTime();
            if (now - lastBacklogLog >= 10_000_000_000L) {
                lastBacklogLog = now;
                if (over) {
                    LOG.warnf("Backlog: %d predictions in progress (limit %d): answering degraded (cache or rules)", n,
                            maxInFlight);
                } else {
                    LOG.info("Backlog cleared: predictions use the model again");
                }
            }
        }
        boolean degrade = over || loopsLagging || memoryPressure;
        if (degrade) {
            degraded.increment();
        }
        return new Admission(degrade);
    }

    void sampleLoopLag() {
        long lag = loopLagNanos();
        lagSamplesOver = lag > maxLagNanos ? lagSamplesOver + 1 : 0;
        boolean lagging = lagSamplesOver >= LAG_SAMPLES;
        if (lagging != loopsLagging) {
            lagSince = lagging ? System.currentTimeMillis() : 0;
            loopsLagging = lagging;
            if (lagging) {
                LOG.warnf("Backlog: event loops %d ms late (limit %d ms): answering degraded (cache or rules)",
                        lag / 1_000_000, maxLagNanos / 1_000_000);
            } else {
                LOG.info("Event loops keep up again: predictions use the model again");
            }
        }
    }

    void sampleMemory() {
        Gauge live = liveData;
        Gauge max = maxData;
        if (live == null || max == null) {
            return;
        }
        long used = (long) live.value();
        long cap = (long) max.value();
        liveBytes = used;
        maxBytes = cap;
        long now = System.nanoTime();
        if (used != lastLive) {
            lastLive = used;
            lastLiveChange = now;
        }
        boolean pressure = cap > 0 && used * 100 >= (long) heapPercent * cap;
        if (pressure != memoryPressure) {
            memorySince = pressure ? System.currentTimeMillis() : 0;
            memoryPressure = pressure;
            if (pressure) {
                LOG.warnf("Memory pressure: %s; answering degraded (cache or rules) until it falls", memoryDetail());
            } else {
                LOG.infof("Memory pressure over (%s): predictions use the model again", memoryDetail());
            }
        }
        if (pressure && now - lastLiveChange >= recheckNanos && now - lastRecheck >= recheckNanos) {
            lastRecheck = now;
            LOG.infof("Memory pressure reading unchanged for %d s: asking the JVM for a collection to measure it again",
                    (now - lastLiveChange) / 1_000_000_000L);
            Thread.ofVirtual().name("degradation-recheck-gc").start(System::gc);
        }
    }

    private String memoryDetail() {
        long used = liveBytes;
        long cap = maxBytes;
        return String.format("long-lived heap after GC %d MB of %d MB (%d %%; limit %d %%)", used >> 20, cap >> 20,
                cap > 0 ? used * 100 / cap : 0, heapPercent);
    }

    /** Why predictions are degraded now, and since when; {@code active} false when they are not. */
    public record Status(boolean active, Instant since, List<Reason> reasons, MemoryReading memory) {
    }

    /** One reason: {@code memory}, {@code backlog} (requests in progress) or {@code event-loop-lag}. */
    public record Reason(String reason, Instant since, String detail) {
    }

    /** The memory reading behind the memory-pressure decision, in bytes (-1 before the first sample). */
    public record MemoryReading(long liveAfterGcBytes, long maxBytes, int limitPercent) {
    }

    public Status status() {
        List<Reason> reasons = new ArrayList<>(3);
        long since = Long.MAX_VALUE;
        long m = memorySince;
        if (memoryPressure && m > 0) {
            reasons.add(new Reason("memory", Instant.ofEpochMilli(m), memoryDetail()));
            since = Math.min(since, m);
        }
        long b = backlogSince;
        int n = inFlight.get();
        if (b > 0 && n > maxInFlight) {
            reasons.add(new Reason("backlog", Instant.ofEpochMilli(b),
                    n + " predictions in progress (limit " + maxInFlight + ")"));
            since = Math.min(since, b);
        }
        long l = lagSince;
        if (loopsLagging && l > 0) {
            reasons.add(new Reason("event-loop-lag", Instant.ofEpochMilli(l), "event loops " + loopLagNanos() / 1_000_000
                    + " ms late (limit " + maxLagNanos / 1_000_000 + " ms)"));
            since = Math.min(since, l);
        }
        return new Status(!reasons.isEmpty(), reasons.isEmpty() ? null : Instant.ofEpochMilli(since), List.copyOf(reasons),
                new MemoryReading(liveBytes, maxBytes, heapPercent));
    }
}
