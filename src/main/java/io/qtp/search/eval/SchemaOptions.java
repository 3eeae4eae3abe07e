package io.qtp.search.eval;

import io.qtp.cli.DatabaseOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The database options of the search tools: the service's database ({@link DatabaseOptions}; user and password
 * {@code qtp} when neither option nor variable names one) and {@code --schema}, the schema they migrate and work in.
 */
final class SchemaOptions {

    @Mixin
    DatabaseOptions database;

    @Option(names = "--schema", paramLabel = "SCHEMA",
            description = "the schema to migrate and work in, a lower-case SQL identifier (default: the command's own)")
    String schema;

    /** The database, in {@code --schema} or else {@code defaultSchema}. */
    CliDatabase open(String defaultSchema) {
        String s = schema == null ? defaultSchema : schema;
        if (database.url() == null) {
            return new CliDatabase(null, null, null, s); // refused, with what to set
        }
        DatabaseOptions.Jdbc jdbc = DatabaseOptions.Jdbc.of(database.url(), database.user(), database.password());
        return new CliDatabase(jdbc.url(), jdbc.user() == null ? "qtp" : jdbc.user(),
                jdbc.password() == null ? "qtp" : jdbc.password(), s);
    }
}
