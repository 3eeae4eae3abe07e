package io.qtp.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.qtp.config.AppConfig;
import io.qtp.prediction.PredictionObserver;
import io.qtp.prediction.PredictionResult;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Writes one {@code query_logs} row per prediction, asynchronously: a prediction only {@code offer}s its row to a
 * bounded queue ({@code qtp.store.query-log-queue-size}) and never waits; when the queue is full the row is dropped
 * and counted ({@code query_logs_dropped_total{reason="queue_full"}}).
 *
 * <p>One platform thread drains the queue in batches of up to {@value #BATCH} rows, each one JDBC batch insert in
 * one transaction. When a batch fails (database down) it is retried with a growing pause (0.5 s doubling up to
 * 5 s) up to {@value #ATTEMPTS} attempts, about 15 s in all, then dropped and counted
 * ({@code reason="database_error"}); meanwhile new rows wait in the queue, or are dropped once it is full.
 * So a short database outage loses nothing, a long one loses at most what the queue cannot hold, always counted.
 * Written rows are counted in {@code query_logs_written_total}. At shutdown the queue is flushed for up to 3 s.
 *
 * <p>Each row carries the answer's {@code queryId}. Predictions (HTTP, batch, RabbitMQ) come through
 * {@link #onPrediction}; a search queues its own, fuller row through {@link #onSearch} (strategy, weights, the result
 * ids in rank order, latency). Feedback that names a {@code queryId} not written yet can wait for the rows queued
 * before it ({@link #awaitQueued}).
 */
@ApplicationScoped
public class QueryLogWriter implements PredictionObserver {

    private static final Logger LOG = Logger.getLogger(QueryLogWriter.class);

    static final int BATCH = 500;
    static final int ATTEMPTS = 6;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_FLUSH = Duration.ofSeconds(3);

    static final String INSERT = "INSERT INTO query_logs (query_id, query, language, predicted_type, confidence,"
            + " model_version, fallback, user_id, strategy, weights, result_count, latency_ms, result_ids)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)";

    /** One row of {@code query_logs}, as queued; the search fields are null for a prediction. */
    record Row(UUID queryId, String query, String language, String predictedType, double confidence,
               String modelVersion, boolean fallback, String userId, Search search) {
    }

    /** What a search adds to its row. */
    record Search(String strategy, String weightsJson, List<String> resultIds, double latencyMs) {
    }

    private final Database database;
    private final BlockingQueue<Row> queue;
    private final Counter written;
    private final Counter droppedFull;
    private final Counter droppedError;
    private volatile boolean running;
    private volatile Thread worker;
    /** Rows queued so far, and rows written or dropped after being queued: {@link #awaitQueued}. */
    private final AtomicLong queuedTotal = new AtomicLong();
    private final AtomicLong settledTotal = new AtomicLong();

    public QueryLogWriter(Database database, AppConfig config, MeterRegistry registry) {
        this.database = database;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, config.store().queryLogQueueSize()));
        this.written = Counter.builder("query.logs.written")
                .description("query_logs rows written to PostgreSQL").register(registry);
        this.droppedFull = Counter.builder("query.logs.dropped").tag("reason", "queue_full")
                .description("query_logs rows dropped: queue full, or the database failed every retry").register(registry);
        this.droppedError = Counter.builder("query.logs.dropped").tag("reason", "database_error")
                .description("query_logs rows dropped: queue full, or the database failed every retry").register(registry);
        Gauge.builder("query.logs.queue.size", queue, BlockingQueue::size)
                .description("query_logs rows waiting to be written").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!database.configured()) {
            LOG.info("query logging is off: " + Database.NOT_CONFIGURED);
            return;
        }
        running = true;
        Thread t = Thread.ofPlatform().daemon().name("qtp-query-log-writer").unstarted(this::drain);
        worker = t;
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        Thread t = worker;
        if (t != null) {
            try {
                t.join(SHUTDOWN_FLUSH.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.interrupt();
        }
    }

    /** Never blocks: the row is queued, or dropped and counted when the queue is full. */
    @Override
    public void onPrediction(PredictionResult r, String userId) {
        enqueue(r, userId, null);
    }

    /**
     * Queues the row of a search: its prediction ({@code queryId} included), the strategy and weights it used, the
     * ids of the results it answered in rank order, and its latency in ms. Never blocks, like {@link #onPrediction}.
     */
    public void onSearch(PredictionResult r, String userId, String strategy, Map<String, Double> weights,
            List<String> resultIds, double latencyMs) {
        StringBuilder json = new StringBuilder("{");
        weights.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(Double.isFinite(v) ? v.toString() : "null"));
        enqueue(r, userId, new Search(strategy, json.append('}').toString(), List.copyOf(resultIds), latencyMs));
    }

    private void enqueue(PredictionResult r, String userId, Search search) {
        if (!running) {
            return;
        }
        Row row = new Row(r.queryId(), r.query(), r.language().code(), r.prediction().type().label(),
                r.prediction().confidence(), r.prediction().modelVersion(), r.fallback(), userId, search);
        if (queue.offer(row)) {
            queuedTotal.incrementAndGet();
        } else {
            droppedFull.increment();
        }
    }

    /** True when rows are being written (the database is configured and the writer runs). */
    public boolean logging() {
        return running;
    }

    /**
     * Waits, at most {@code max}, until every row queued before this call is written or dropped: a feedback whose
     * {@code queryId} is not in the table yet may be about a row still in this queue. Returns at once when none is.
     */
    public void awaitQueued(Duration max) throws InterruptedException {
        long target = queuedTotal.get();
        long deadline = System.nanoTime() + max.toNanos();
        while (settledTotal.get() < target && System.nanoTime() < deadline && worker != null) {
            Thread.sleep(10);
        }
    }

    /** Rows waiting to be written. */
    public int queued() {
        return queue.size();
    }

    public double writtenTotal() {
        return written.count();
    }

    public double droppedTotal() {
        return droppedFull.count() + droppedError.count();
    }

    private void drain() {
        List<Row> batch = new ArrayList<>(BATCH);
        long flushDeadline = Long.MAX_VALUE;
        while (true) {
            if (!running && flushDeadline == Long.MAX_VALUE) {
                flushDeadline = System.nanoTime() + SHUTDOWN_FLUSH.toNanos();
            }
            try {
                Row first = queue.poll(running ? 1000 : 10, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (!running) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                writeWithRetries(batch, flushDeadline);
            } catch (InterruptedException e) {
                droppedError.increment(batch.size() + queue.size());
                settledTotal.addAndGet(batch.size() + queue.size());
                queue.clear();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "query log writer: unexpected failure; %d rows dropped", batch.size());
                droppedError.increment(batch.size());
                settledTotal.addAndGet(batch.size());
            } finally {
                batch.clear();
            }
        }
    }

    private void writeWithRetries(List<Row> batch, long deadline) throws InterruptedException {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch);
                written.increment(batch.size());
                settledTotal.addAndGet(batch.size());
                return;
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || System.nanoTime() + pause.toNanos() > deadline) {
                    LOG.warnf("query log writer: %d rows dropped after %d attempts: %s", batch.size(), attempt,
                            Database.rootMessage(e));
                    droppedError.increment(batch.size());
                    settledTotal.addAndGet(batch.size());
                    return;
                }
                if (attempt == 1) {
                    LOG.warnf("query log writer: write failed (%s); retrying", Database.rootMessage(e));
                }
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private void write(List<Row> batch) throws SQLException {
        try (Connection c = database.connection()) {
            // a hung server (no answer at all) is given up after 30 s, then retried as any failure
            c.setNetworkTimeout(Runnable::run, 30_000);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setQueryTimeout(10);
                for (Row r : batch) {
                    ps.setObject(1, r.queryId());
                    ps.setString(2, r.query());
                    ps.setString(3, r.language());
                    ps.setString(4, r.predictedType());
                    ps.setDouble(5, r.confidence());
                    ps.setString(6, r.modelVersion());
                    ps.setBoolean(7, r.fallback());
                    FeedbackStore.setNullable(ps, 8, r.userId());
                    Search search = r.search();
                    FeedbackStore.setNullable(ps, 9, search == null ? null : search.strategy());
                    FeedbackStore.setNullable(ps, 10, search == null ? null : search.weightsJson());
                    if (search == null) {
                        ps.setNull(11, Types.INTEGER);
                        ps.setNull(12, Types.DOUBLE);
                        ps.setNull(13, Types.ARRAY);
                    } else {
                        ps.setInt(11, search.resultIds().size());
                        ps.setDouble(12, search.latencyMs());
                        ps.setArray(13, c.createArrayOf("text", search.resultIds().toArray()));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // broken connection: the pool discards it
                }
                throw e;
            }
        }
    }
}
