package io.qtp.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * A schema of the test's own in the shared test PostgreSQL (scripts/services/postgres.sh: qtp_test, role qtp; or
 * {@code QTP_TEST_DATABASE_URL}), for a packaged jar whose feedback, query logs and documents must not mix with other
 * tests' rows: the service's Flyway migrations create its tables there ({@code currentSchema=<schema>,public}, so
 * pgvector's types in {@code public} stay reachable). Dropped on close.
 */
public final class PrivateSchema implements AutoCloseable {

    static final String URL = System.getenv().getOrDefault("QTP_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/qtp_test");

    final String name;

    public PrivateSchema(String prefix) throws SQLException {
        this.name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(URL, "qtp", "qtp"); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + name);
        }
    }

    /** The environment that points the service at this schema. */
    public Map<String, String> env() {
        return Map.of("DATABASE_URL", URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name + ",public",
                "DATABASE_USER", "qtp", "DATABASE_PASSWORD", "qtp");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "qtp", "qtp"); var st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
