package io.qtp.search;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import io.qtp.search.eval.CliDatabase;

/**
 * A private schema in the shared PostgreSQL (scripts/services/postgres.sh: qtp_test, role qtp) migrated with the
 * service's Flyway migrations (as the command-line tools do it), dropped on close: search tests never see or
 * disturb other tests' rows. Fails (never skips) when the server is missing.
 */
final class TestSchema implements AutoCloseable {

    static final String URL = System.getenv().getOrDefault("QTP_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/qtp_test");

    final String name = "qtp_search_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final CliDatabase db = new CliDatabase(URL, "qtp", "qtp", name);

    TestSchema() {
        db.migrate();
    }

    Connection connect() throws SQLException {
        return db.connect();
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "qtp", "qtp")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
