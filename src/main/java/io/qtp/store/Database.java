package io.qtp.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The PostgreSQL datasource of SPEC section 7, when {@code DATABASE_URL} configures one.
 *
 * <p>The schema is Flyway's ({@code db/migration}). Quarkus migrates at start when the database answers then;
 * when it does not, the service still starts (predictions never need the database) and the schema is migrated
 * here on first use, by whichever of the query-log writer, a feedback write or the start-up attempt comes first,
 * and retried on every later use until it succeeds. {@code migrate} is idempotent, so running it after Quarkus
 * did is a cheap no-op check.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);

    /** What {@code /health/details} and {@code /api/feedback} say when {@code DATABASE_URL} is not set. */
    public static final String NOT_CONFIGURED = "DATABASE_URL is not set";

    private final AgroalDataSource dataSource;
    private final Flyway flyway;
    private final java.util.concurrent.locks.ReentrantLock migrationLock = new java.util.concurrent.locks.ReentrantLock();
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
        if (dataSource == null) {
            throw new SQLException(NOT_CONFIGURED, "08001");
        }
        ensureSchema();
        return dataSource.getConnection();
    }

    /** Runs the Flyway migrations once per process (retried on the next call when the database was down). */
    public void ensureSchema() throws SQLException {
        if (migrated || flyway == null) {
            return;
        }
        migrationLock.lock(); // a lock, not synchronized: callers are virtual threads, and this does I/O
        try {
            if (migrated) {
                return;
            }
            flyway.migrate();
            migrated = true;
            LOG.info("database schema is migrated");
        } catch (RuntimeException e) { // FlywayException and friends: the database did not answer
            throw new SQLException("database migration failed: " + rootMessage(e), "08001", e);
        } finally {
            migrationLock.unlock();
        }
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
