package io.qtp.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The shared test PostgreSQL (scripts/services/postgres.sh), in a schema of the profile's own
 * ({@code currentSchema=<schema>,public}: the service's migrations create the tables there, pgvector stays reachable
 * in {@code public}), so a test sees only its own documents, query logs and feedback. Fails (never skips) when the
 * server is missing. One schema per profile class and JVM (subclass it for another), dropped when the JVM exits.
 */
public class PrivateSchemaProfile implements QuarkusTestProfile {

    public static final String URL = System.getenv().getOrDefault("QTP_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/qtp_test");

    /**
     * The schema of a profile class: one name per JVM, held in a system property, as the profile and the test may be
     * loaded by two class loaders.
     */
    public static String schema(Class<? extends PrivateSchemaProfile> profile) {
        return (String) System.getProperties().computeIfAbsent("private.schema." + profile.getName(),
                k -> "qtp_" + profile.getSimpleName().toLowerCase(java.util.Locale.ROOT).replace("profile", "") + "_"
                        + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }

    /** The JDBC URL of the schema. */
    public static String url(Class<? extends PrivateSchemaProfile> profile) {
        return URL + "?currentSchema=" + schema(profile) + ",public";
    }

    public static Connection connect(Class<? extends PrivateSchemaProfile> profile) throws SQLException {
        return DriverManager.getConnection(url(profile), "qtp", "qtp");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        String schema = schema(getClass());
        try (Connection c = DriverManager.getConnection(URL, "qtp", "qtp"); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL is not reachable at " + URL, e);
        }
        if (System.getProperties().putIfAbsent("private.schema.drop." + schema, "registered") == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Connection c = DriverManager.getConnection(URL, "qtp", "qtp"); var st = c.createStatement()) {
                    st.execute("SET lock_timeout = '5s'"); // never hold the JVM's exit for long
                    st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
                }
            }));
        }
        return Map.of("quarkus.datasource.active", "true",
                "quarkus.datasource.jdbc.url", url(getClass()),
                "quarkus.datasource.username", "qtp",
                "quarkus.datasource.password", "qtp",
                "quarkus.flyway.migrate-at-start", "false");
    }
}
