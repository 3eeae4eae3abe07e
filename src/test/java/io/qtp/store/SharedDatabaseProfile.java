package io.qtp.store;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The machine's shared PostgreSQL (scripts/services/postgres.sh): database qtp_test, role qtp. */
public class SharedDatabaseProfile implements QuarkusTestProfile {

    static final String URL = System.getenv().getOrDefault("QTP_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/qtp_test");
    static final String USER = "qtp";
    static final String PASSWORD = "qtp";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.active", "true",
                "quarkus.datasource.jdbc.url", URL,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD,
                // Quarkus's migrate-at-start fails the start when the database is down; io.qtp.store.Database migrates
                // in the background and on first use instead (proposed for application.properties too)
                "quarkus.flyway.migrate-at-start", "false");
    }
}
