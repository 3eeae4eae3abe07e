package io.qtp.playground;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The shared test PostgreSQL (scripts/services/postgres.sh), in a schema of the playground test's own
 * ({@code currentSchema=<schema>,public}: the service's migrations create the tables there, pgvector stays reachable
 * in {@code public}), so the page's three search columns show only the documents the test loads. Dropped by
 * {@link #dropSchema()}.
 */
public class PlaygroundDatabaseProfile implements QuarkusTestProfile {

    static final String URL = System.getenv().getOrDefault("QTP_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/qtp_test");
    /** One name per JVM: held in a system property, as the profile and the test may be loaded by two class loaders. */
    static final String SCHEMA = (String) System.getProperties().computeIfAbsent("playground.test.schema",
            k -> "qtp_playground_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));

    @Override
    public Map<String, String> getConfigOverrides() {
        try (Connection c = DriverManager.getConnection(URL, "qtp", "qtp"); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL is not reachable at " + URL, e);
        }
        return Map.of("quarkus.datasource.active", "true",
                "quarkus.datasource.jdbc.url", URL + "?currentSchema=" + SCHEMA + ",public",
                "quarkus.datasource.username", "qtp",
                "quarkus.datasource.password", "qtp",
                "quarkus.flyway.migrate-at-start", "false");
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL + "?currentSchema=" + SCHEMA + ",public", "qtp", "qtp");
    }

    static void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "qtp", "qtp"); var st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }
}
