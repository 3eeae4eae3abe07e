package io.qtp.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.eclipse.microprofile.config.Config;

import io.qtp.healthcheck.ComponentStatus;
import io.qtp.healthcheck.DependencyCheck;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code database} component of {@code /health/details}: a real {@code SELECT 1} on a connection of its own
 * (same URL and credentials as the pool) with one-second connect, socket and statement timeouts, its latency, and
 * the query-log queue's state.
 *
 * <p>Not through the pool: while the server is down the pool makes a caller wait its whole acquisition timeout
 * (2 s) and then reports only that it timed out, whereas a direct connection answers at once with the real
 * error ("Connection ... refused"). A hanging server is cut off by the health route's 900 ms bound.
 */
@ApplicationScoped
public class DatabaseCheck implements DependencyCheck {

    private final Database database;
    private final QueryLogWriter queryLogs;
    private final String url;
    private final Properties properties = new Properties();

    public DatabaseCheck(Database database, QueryLogWriter queryLogs, Config config) {
        this.database = database;
        this.queryLogs = queryLogs;
        this.url = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).orElse(null);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> properties.setProperty("user", u));
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("connectTimeout", "1");
        properties.setProperty("socketTimeout", "1");
        properties.setProperty("loginTimeout", "1");
        properties.setProperty("ApplicationName", "query-type-predictor health check");
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public ComponentStatus check() {
        if (!database.configured() || url == null) {
            return ComponentStatus.notConfigured(Database.NOT_CONFIGURED);
        }
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, properties); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            double ms = (System.nanoTime() - start) / 1e6;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("schemaMigrated", database.migrated());
            detail.put("queryLogQueue", queryLogs.queued());
            detail.put("queryLogsWritten", (long) queryLogs.writtenTotal());
            detail.put("queryLogsDropped", (long) queryLogs.droppedTotal());
            return ComponentStatus.ok(ms, detail);
        } catch (SQLException | RuntimeException e) {
            return ComponentStatus.failed(Database.rootMessage(e), (System.nanoTime() - start) / 1e6);
        }
    }
}
