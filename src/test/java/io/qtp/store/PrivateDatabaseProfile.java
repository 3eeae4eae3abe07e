package io.qtp.store;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A private PostgreSQL server that the test stops and starts; it is not running when the service starts. */
public class PrivateDatabaseProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.active", "true",
                "quarkus.datasource.jdbc.url", PrivatePostgres.jdbcUrl(),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "unused",
                // Quarkus's migrate-at-start fails the start when the database is down; io.qtp.store.Database migrates
                // in the background and on first use instead (proposed for application.properties too)
                "quarkus.flyway.migrate-at-start", "false");
    }
}
