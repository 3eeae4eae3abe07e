package io.qtp.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.qtp.config.EnvironmentConfigSource;

/**
 * The settings the command-line tools share with the service, read in one place.
 *
 * <p>A small reader rather than Quarkus's configuration: the tools do not start Quarkus (that would start the
 * datasource, Redis and the broker clients, and cost seconds), and picocli's {@code ${env:NAME}} defaults would read
 * the raw variables again in every command. So each variable is read as {@link EnvironmentConfigSource} reads it
 * (the environment, then a system property of the same name), and what the service derives from one is derived by
 * the service's own code: {@code DATABASE_URL} ({@code jdbc:postgresql://...} or {@code postgres://user:pass@host/db})
 * with {@code DATABASE_USER}/{@code DATABASE_PASSWORD} go through {@link EnvironmentConfigSource#deriveDatabase}, so a
 * tool connects where the service would. Tests give their own variables ({@link #of}).
 */
public final class ToolSettings {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String USER = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";

    private final UnaryOperator<String> env;
    private final Map<String, String> database = new HashMap<>();

    private ToolSettings(UnaryOperator<String> env) {
        this.env = env;
        EnvironmentConfigSource.deriveDatabase(env, database);
    }

    /** The process's environment variables (then system properties), as the service reads them. */
    public static ToolSettings system() {
        return new ToolSettings(EnvironmentConfigSource::variable);
    }

    /** The given variables only: {@code env} returns the value of a variable, or null. */
    public static ToolSettings of(UnaryOperator<String> env) {
        return new ToolSettings(env);
    }

    /** The raw value of a variable of the service's (docs: README, "Configuration"), or null. */
    public String variable(String name) {
        return env.apply(name);
    }

    /** The JDBC URL of the service's database ({@code DATABASE_URL}, translated), or null. */
    public String databaseUrl() {
        return database.get(JDBC_URL);
    }

    /** {@code DATABASE_USER}, else the user of a {@code postgres://} URL, or null. */
    public String databaseUser() {
        return database.get(USER);
    }

    /** {@code DATABASE_PASSWORD}, else the password of a {@code postgres://} URL, or null. */
    public String databasePassword() {
        return database.get(PASSWORD);
    }
}
