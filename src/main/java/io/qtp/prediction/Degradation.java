package io.qtp.prediction;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
 * {@code "degraded": true}, instead of failing.
 *
 * <ul>
 *   <li>Memory pressure: a heap pool's usage after its last collection ({@link MemoryPoolMXBean#getCollectionUsage},
 *       i.e. live data, not garbage) above {@code DEGRADE_HEAP_PERCENT} of its maximum; sampled every 250 ms on a
 *       daemon thread, so requests only read a flag.</li>
 *   <li>Backlog: an event loop runs its tasks more than {@code DEGRADE_MAX_LOOP_LAG} late, and stays so
 *       (predictions run on the event loops, so a saturated loop means requests queueing behind each other). Each
 *       loop has a probe task due every 50 ms; the sampler reads how overdue the most overdue probe is every
 *       100 ms (which also sees a loop that is stuck right now) and calls it a backlog after
 *       {@value #LAG_SAMPLES} samples in a row over the limit, so that one pause (a GC, a stolen CPU) does not
 *       degrade the answers given just after it. Or more than {@code DEGRADE_MAX_IN_FLIGHT} prediction requests in
 *       progress (requests waiting for Redis, say).</li>
 * </ul>
 * Metrics: {@code query_type_degraded} (1 while degraded by memory), {@code query_type_event_loop_lag_seconds}
 * and {@code query_type_degraded_predictions_total}. Transitions are logged.
 */
@Singleton
public class Degradation {

    private static final Logger LOG = Logger.getLogger(Degradation.class);
    static final long PROBE_INTERVAL_MS = 50;
    static final long LAG_SAMPLE_INTERVAL_MS = 100;
    /** Consecutive lag samples over the limit that make a backlog (at least 200 ms of sustained lag). */
    static final int LAG_SAMPLES = 3;

    private final int heapPercent;
    private final int maxInFlight;
    private final long maxLagNanos;
    private final Vertx vertx;
    private final List<LoopProbe> probes = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter degraded;
    private final List<MemoryPoolMXBean> heapPools;
    private volatile boolean memoryPressure;
    private volatile boolean loopsLagging;
    private int lagSamplesOver; // sampler thread only
    private volatile boolean backlogged;
    private volatile long lastBacklogLog = System.nanoTime() - 10_000_000_000L;
    private ScheduledExecutorService sampler;

    public Degradation(AppConfig config, MeterRegistry registry, Vertx vertx) {
        this.heapPercent = config.degradation().heapPercent();
        this.maxInFlight = config.degradation().maxInFlight();
        this.maxLagNanos = config.degradation().maxLoopLag().toNanos();
        this.vertx = vertx;
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
        this.degraded = Counter.builder("query.type.degraded.predictions")
                .description("Prediction requests (a batch counts once) answered in degraded mode (cache or rule-based scorer)").register(registry);
        Gauge.builder("query.type.degraded", this, d -> d.memoryPressure ? 1 : 0)
                .description("1 while heap use after GC is above DEGRADE_HEAP_PERCENT").register(registry);
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
    }

    /**
     * A prediction request starts; true when it must be served degraded. Every call is paired with {@link #exit}.
     */
    public boolean enter() {
        int n = inFlight.incrementAndGet();
        boolean backlog = n > maxInFlight || loopsLagging;
        if (backlog != backlogged) {
            backlogged = backlog;
            // Near the limit the state may flip often: log a change at most every 10 s.
            long now = System.nanoTime();
            if (now - lastBacklogLog < 10_000_000_000L) {
                return backlog || memoryPressure ? countDegraded() : false;
            }
            lastBacklogLog = now;
            if (backlog) {
                LOG.warnf("Backlog: %d predictions in progress (limit %d), event loops %d ms late (limit %d ms): "
                        + "answering degraded (cache or rules)", n, maxInFlight, loopLagNanos() / 1_000_000,
                        maxLagNanos / 1_000_000);
            } else {
                LOG.info("Backlog cleared: predictions use the model again");
            }
        }
        return backlog || memoryPressure ? countDegraded() : false;
    }

    private boolean countDegraded() {
        degraded.increment();
        return true;
    }

    /** A prediction request ends. */
    public void exit() {
        inFlight.decrementAndGet();
    }

    void sampleLoopLag() {
        lagSamplesOver = loopLagNanos() > maxLagNanos ? lagSamplesOver + 1 : 0;
        loopsLagging = lagSamplesOver >= LAG_SAMPLES;
    }

    void sampleMemory() {
        boolean pressure = false;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage after = pool.getCollectionUsage();
            if (after != null && after.getMax() > 0 && after.getUsed() * 100 >= (long) heapPercent * after.getMax()) {
                pressure = true;
            }
        }
        if (pressure != memoryPressure) {
            memoryPressure = pressure;
            if (pressure) {
                LOG.warnf("Heap use after GC is above %d%%: answering degraded (cache or rules) until it falls", heapPercent);
            } else {
                LOG.info("Memory pressure over: predictions use the model again");
            }
        }
    }
}
