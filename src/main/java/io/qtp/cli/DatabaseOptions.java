package io.qtp.cli;

import picocli.CommandLine.Option;

/**
 * {@code --db-url}, {@code --db-user}, {@code --db-password}: the database of a tool, by default the service's
 * ({@code DATABASE_URL}, {@code DATABASE_USER}, {@code DATABASE_PASSWORD} through {@link ToolSettings}; the defaults
 * are filled in by {@link CommandRunner}). Included in a command with {@code @Mixin}.
 */
public final class DatabaseOptions {

    @Option(names = "--db-url", paramLabel = "URL",
            description = "the database: jdbc:postgresql://host:5432/db or postgres://user:pass@host/db (default: DATABASE_URL)")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "its user (default: DATABASE_USER)")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "its password (default: DATABASE_PASSWORD)")
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
}
