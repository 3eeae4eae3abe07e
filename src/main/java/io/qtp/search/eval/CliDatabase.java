package io.qtp.search.eval;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;

/**
 * The database of the search command-line tools ({@link SchemaOptions}): {@code --db-url} (a JDBC URL; else
 * {@code DATABASE_URL}), {@code --db-user}/{@code --db-password} (else {@code DATABASE_USER}/{@code DATABASE_PASSWORD})
 * and {@code --schema}: the tools migrate that schema with the service's Flyway migrations and work in it (pgvector's
 * types stay reachable through {@code public}), so that an evaluation never touches the service's tables.
 */
public final class CliDatabase {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    final String url;
    final String user;
    final String password;
    final String schema;

    public String schema() {
        return schema;
    }

    public CliDatabase(String url, String user, String password, String schema) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a JDBC URL is required (--db-url or DATABASE_URL), e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/qtp_test");
        }
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("--schema must be a lower-case SQL identifier, found '" + schema + "'");
        }
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    /**
     * Creates the schema when missing and applies the migrations to it. pgvector is made sure of in {@code public}
     * first: the migration's own {@code CREATE EXTENSION} would otherwise install it into this schema, and dropping
     * the schema later would then drop the extension, and with it every vector column of the database.
     */
    public void migrate() {
        try (Connection c = DriverManager.getConnection(url, user, password); var st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the pgvector extension in schema public (" + url + "): "
                    + e.getMessage() + " -- a superuser can run CREATE EXTENSION vector SCHEMA public once", e);
        }
        Flyway.configure().dataSource(url, user, password).schemas(schema).createSchemas(true)
                .locations("classpath:db/migration").load().migrate();
    }

    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("options", "-c search_path=" + schema + ",public");
        return DriverManager.getConnection(url, p);
    }

    @Override
    public String toString() {
        return url + " schema " + schema;
    }
}
