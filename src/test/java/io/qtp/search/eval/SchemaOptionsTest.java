package io.qtp.search.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The database of the search tools: a postgres:// URL as the service reads it, qtp/qtp when nothing names a user. */
class SchemaOptionsTest {

    private static CliDatabase open(String... args) {
        SchemaOptions options = new SchemaOptions();
        new CommandLine(options).parseArgs(args);
        return options.open("qtp_default");
    }

    @Test
    void translatesPostgresUrlsAndDefaultsTheCredentials() {
        CliDatabase db = open("--db-url", "postgres://u:p%40ss@db.example:5433/qtp", "--schema", "s1");
        assertThat(db.url).isEqualTo("jdbc:postgresql://db.example:5433/qtp");
        assertThat(db.user).isEqualTo("u");
        assertThat(db.password).isEqualTo("p@ss");
        assertThat(db.schema()).isEqualTo("s1");

        CliDatabase plain = open("--db-url", "jdbc:postgresql://h/db", "--db-user", "me");
        assertThat(plain.url).isEqualTo("jdbc:postgresql://h/db");
        assertThat(plain.user).isEqualTo("me");
        assertThat(plain.password).isEqualTo("qtp");
        assertThat(plain.schema()).isEqualTo("qtp_default");
    }

    @Test
    void refusesAMissingOrForeignUrl() {
        assertThatThrownBy(SchemaOptionsTest::open).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--db-url or DATABASE_URL");
        assertThatThrownBy(() -> open("--db-url", "mysql://h/db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--db-url must be jdbc:postgresql://");
    }
}
