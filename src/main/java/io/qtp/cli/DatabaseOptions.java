package io.qtp.cli;

import java.util.HashMap;
import java.util.Map;

import io.qtp.config.EnvironmentConfigSource;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * {@code --db-url}, {@code --db-user}, {@code --db-password}: the database of a tool, by default the service's
 * ({@code DATABASE_URL}, {@code DATABASE_USER}, {@code DATABASE_PASSWORD} through {@link ToolSettings}; the defaults
 * are filled in by {@link CommandRunner}). Included in a command with {@code @Mixin}.
 */
public final class DatabaseOptions {

    // the defaults come from the environment and may hold credentials: never shown by --help
    @Option(names = "--db-url", paramLabel = "URL", showDefaultValue = Visibility.NEVER,
            description = "the database: jdbc:postgresql://host:5432/db or postgres://user:pass@host/db (default: DATABASE_URL)")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", showDefaultValue = Visibility.NEVER, description = "its user (default: DATABASE_USER)")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", showDefaultValue = Visibility.NEVER, description = "its password (default: DATABASE_PASSWORD)")
    String password;

    /** The URL given or configured, or null. */
    public String url() {
        return url == null || url.isBlank() ? null : url.strip();
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A database as JDBC takes it. */
    public record Jdbc(String url, String user, String password) {

        /**
         * {@code jdbc:postgresql://...} as is; {@code postgres://user:pass@host/db} translated as the service
         * translates {@code DATABASE_URL} ({@link EnvironmentConfigSource#deriveDatabase}), the URL's credentials
         * used unless {@code user}/{@code password} are given.
         *
         * @throws IllegalArgumentException when the URL is neither
         */
        public static Jdbc of(String url, String user, String password) {
            Map<String, String> variables = new HashMap<>();
            variables.put("DATABASE_URL", url);
            variables.put("DATABASE_USER", user);
            variables.put("DATABASE_PASSWORD", password);
            Map<String, String> p = new HashMap<>();
            EnvironmentConfigSource.deriveDatabase(variables::get, p);
            String jdbc = p.get(ToolSettings.JDBC_URL);
            if (jdbc == null || !jdbc.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException(
                        "--db-url must be jdbc:postgresql://host:5432/db or postgres://user:pass@host/db");
            }
            return new Jdbc(jdbc, p.get(ToolSettings.USER), p.get(ToolSettings.PASSWORD));
        }
    }
}
