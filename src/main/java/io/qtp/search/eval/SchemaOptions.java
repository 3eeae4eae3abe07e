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
        return new CliDatabase(database.url(), database.user() == null ? "qtp" : database.user(),
                database.password() == null ? "qtp" : database.password(), schema == null ? defaultSchema : schema);
    }
}
