package io.qtp.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

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
 */
@ApplicationScoped
public class QueryLogWriter implements PredictionObserver {

    private static final Logger LOG = Logger.getLogger(QueryLogWriter.class);

    static final int BATCH = 500;
    static final int ATTEMPTS = 6;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_FLUSH = Duration.ofSeconds(3);

    static final String INSERT = "INSERT INTO query_logs (query, language, predicted_type, confidence, model_version,"
            + " fallback, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** One row of {@code query_logs}, as queued. */
    record Row(String query, String language, String predictedType, double confidence, String modelVersion,
               boolean fallback, String userId) {
    }

    private final Database database;
    private final BlockingQueue<Row> queue;
    private final Counter written;
    private final Counter droppedFull;
    private final Counter droppedError;
    private volatile boolean running;
    private volatile Thread worker;

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
        if (!running) {
            return;
        }
        Row row = new Row(r.query(), r.language().code(), r.prediction().type().label(), r.prediction().confidence(),
                r.prediction().modelVersion(), r.fallback(), userId);
        if (!queue.offer(row)) {
            droppedFull.increment();
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
                queue.clear();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "query log writer: unexpected failure; %d rows dropped", batch.size());
                droppedError.increment(batch.size());
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
                return;
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || System.nanoTime() + pause.toNanos() > deadline) {
                    LOG.warnf("query log writer: %d rows dropped after %d attempts: %s", batch.size(), attempt,
                            Database.rootMessage(e));
                    droppedError.increment(batch.size());
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
                    ps.setString(1, r.query());
                    ps.setString(2, r.language());
                    ps.setString(3, r.predictedType());
                    ps.setDouble(4, r.confidence());
                    ps.setString(5, r.modelVersion());
                    ps.setBoolean(6, r.fallback());
                    if (r.userId() == null) {
                        ps.setNull(7, Types.VARCHAR);
                    } else {
                        ps.setString(7, r.userId());
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
