package io.qtp.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The PostgreSQL datasource (docs/ARCHITECTURE.md), when {@code DATABASE_URL} configures one.
 *
 * <p>The schema is Flyway's ({@code db/migration}). Quarkus migrates at start when the database answers then;
 * when it does not, the service still starts (predictions never need the database) and the schema is migrated
 * here on first use, by whichever of the query-log writer, a feedback write or the start-up attempt comes first,
 * and retried on every later use until it succeeds. {@code migrate} is idempotent, so running it after Quarkus
 * did is a cheap no-op check.
 *
 * <p>The migration runs on a thread of its own (one at a time); a caller waits for it at most as long as it can
 * afford ({@link #connection(Duration)}: a feedback request waits a few seconds, then answers 503), so a database
 * that hangs during the migration never holds a request longer than its own bound.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);

    /** What {@code /health/details} and {@code /api/feedback} say when {@code DATABASE_URL} is not set. */
    public static final String NOT_CONFIGURED = "DATABASE_URL is not set";

    private final AgroalDataSource dataSource;
    private final Flyway flyway;
    /** How long {@link #connection()} waits for the schema migration (the pool's socket timeout bounds it too). */
    static final Duration SCHEMA_WAIT = Duration.ofSeconds(30);
    private final Object migrationLock = new Object();
    private CompletableFuture<Void> migration; // guarded by migrationLock; the attempt in flight or the last one
    private volatile boolean migrated;

    public Database(InjectableInstance<AgroalDataSource> dataSources, InjectableInstance<Flyway> flyways) {
        List<AgroalDataSource> active = dataSources.listActive();
        this.dataSource = active.isEmpty() ? null : active.get(0);
        List<Flyway> f = this.dataSource == null ? List.of() : flyways.listActive();
        this.flyway = f.isEmpty() ? null : f.get(0);
    }

    void onStart(@Observes StartupEvent event) {
        if (configured()) {
            Thread.ofVirtual().name("qtp-db-migrate").start(() -> {
                try {
                    ensureSchema();
                } catch (SQLException e) {
                    LOG.warnf("database not reachable at start (%s); the schema will be migrated on first use",
                            e.getMessage());
                }
            });
        }
    }

    /** True when {@code DATABASE_URL} is set (the datasource is active). */
    public boolean configured() {
        return dataSource != null;
    }

    /** True once the schema is known to be migrated in this process. */
    public boolean migrated() {
        return migrated;
    }

    /** The pool's maximum number of connections (0 when not configured). */
    public int poolSize() {
        return dataSource == null ? 0 : dataSource.getConfiguration().connectionPoolConfiguration().maxSize();
    }

    /** A pooled connection, after making sure the schema exists; the caller closes it. */
    public Connection connection() throws SQLException {
        return connection(SCHEMA_WAIT);
    }

    /**
     * A pooled connection, after waiting at most {@code schemaWait} for the schema migration; the caller closes it.
     * Getting the connection itself is bounded by the pool's acquisition timeout
     * ({@code quarkus.datasource.jdbc.acquisition-timeout}).
     */
    public Connection connection(Duration schemaWait) throws SQLException {
        if (dataSource == null) {
            throw new SQLException(NOT_CONFIGURED, "08001");
        }
        ensureSchema(schemaWait);
        return dataSource.getConnection();
    }

    /** Runs the Flyway migrations once per process (retried on the next call when the database was down). */
    public void ensureSchema() throws SQLException {
        ensureSchema(SCHEMA_WAIT);
    }

    /** {@link #ensureSchema()}, waiting at most {@code wait} for the migration (which goes on without the caller). */
    public void ensureSchema(Duration wait) throws SQLException {
        if (migrated || flyway == null) {
            return;
        }
        CompletableFuture<Void> attempt;
        synchronized (migrationLock) { // held only to start or join an attempt, never during I/O
            if (migration == null || migration.isCompletedExceptionally()) {
                migration = CompletableFuture.runAsync(this::migrate,
                        r -> Thread.ofVirtual().name("qtp-db-migrate").start(r));
            }
            attempt = migration;
        }
        try {
            attempt.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SQLException("the database schema migration did not finish within " + wait.toMillis()
                    + " ms: the database does not answer", "08001");
        } catch (ExecutionException e) {
            throw new SQLException("database migration failed: " + rootMessage(e.getCause()), "08001", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the schema migration", "08001", e);
        }
    }

    private void migrate() {
        flyway.migrate(); // FlywayException and friends when the database does not answer: the attempt fails
        migrated = true;
        LOG.info("database schema is migrated");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
