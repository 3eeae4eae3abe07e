package io.qtp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;

import io.qtp.cli.CommandRunner;
import io.qtp.cli.ToolRun;
import io.qtp.cli.ToolSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The jar's command line (picocli): every command, its help, its errors, and how options reach a command. */
class ToolsTest {

    private static final String JAR = "java -jar query-type-predictor.jar";

    /** The options README.md, docs/*.md and scripts/ use, per command: they must keep working. */
    private static final Map<String, List<String>> DOCUMENTED = Map.ofEntries(
            Map.entry("serve", List.of()),
            Map.entry("train", List.of("--data", "--out", "--seed", "--version", "--description", "--candidates",
                    "--eligible", "--include-noncommercial", "--chart", "--from-db", "--db-url", "--db-user",
                    "--db-password")),
            Map.entry("evaluate", List.of("--model", "--data")),
            Map.entry("build-dataset", List.of("--jsquad", "--scifact", "--out", "--handwritten", "--everyday",
                    "--seed", "--per-type", "--max-groups")),
            Map.entry("ingest", List.of("--data", "--corpus", "--language", "--batch", "--max-documents",
                    "--schema", "--db-url", "--db-user", "--db-password")),
            Map.entry("reembed", List.of("--batch", "--schema", "--db-url", "--db-user", "--db-password")),
            Map.entry("evaluate-search", List.of("--data", "--split", "--weights", "--fusion", "--folds", "--seed",
                    "--trees", "--dump", "--variants", "--language", "--max-queries", "--cache", "--schema",
                    "--db-url")),
            Map.entry("fit-weights", List.of("--data", "--split", "--out", "--variants", "--language",
                    "--max-queries", "--cache", "--schema", "--db-url")),
            Map.entry("fit-fusion", List.of("--data", "--out", "--version", "--folds", "--seed", "--trees",
                    "--variants", "--split", "--cache", "--schema", "--db-url")),
            Map.entry("convert-squad", List.of("--data", "--input", "--out")),
            Map.entry("bench-search", List.of("--data", "--docs", "--batch", "--noise", "--searches", "--limit",
                    "--reuse", "--fusion", "--schema", "--db-url")),
            Map.entry("export-clicks", List.of("--out", "--db-url", "--db-user", "--db-password")));

    private static CommandLine commandLine(UnaryOperator<String> env) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return CommandRunner.commandLine(new Tools(), ToolSettings.of(env), sink, sink);
    }

    /** The options of {@code args} as the command sees them, defaults and settings applied. */
    private static CommandSpec parse(UnaryOperator<String> env, String... args) {
        ParseResult parsed = commandLine(env).parseArgs(args);
        return parsed.subcommand().commandSpec();
    }

    private static Object value(CommandSpec command, String option) {
        return command.findOption(option).getValue();
    }

    @Test
    void everyCommandIsThereAndItsHelpNamesItsOptions() {
        Map<String, CommandLine> commands = commandLine(name -> null).getSubcommands();
        assertThat(commands.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(DOCUMENTED.keySet().stream(), java.util.stream.Stream.of("help")).toList());
        for (Map.Entry<String, List<String>> c : DOCUMENTED.entrySet()) {
            ToolRun run = ToolRun.run(new Tools(), name -> null, c.getKey(), "--help");
            assertThat(run.exit()).as(c.getKey()).isZero();
            assertThat(run.err()).as(c.getKey()).isEmpty();
            assertThat(run.out()).as(c.getKey()).startsWith("usage: " + JAR + " " + c.getKey() + " ")
                    .contains("--help");
            for (String option : c.getValue()) {
                assertThat(run.out()).as(c.getKey()).contains(option);
            }
            for (OptionSpec o : commands.get(c.getKey()).getCommandSpec().options()) {
                if (!o.hidden()) {
                    assertThat(run.out()).as(c.getKey()).contains(o.names());
                }
            }
        }
    }

    @Test
    void theJarsHelpListsEveryCommand() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"help"}, new String[] {"-h"})) {
            ToolRun run = ToolRun.run(new Tools(), name -> null, args);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).startsWith("usage: " + JAR).contains(DOCUMENTED.keySet());
        }
        ToolRun train = ToolRun.run(new Tools(), name -> null, "help", "train");
        assertThat(train.exit()).isZero();
        assertThat(train.out()).startsWith("usage: " + JAR + " train ").contains("--include-noncommercial");
    }

    @Test
    void anUnknownOptionIsOneLineAndTheUsageWithExitTwo() {
        for (String command : DOCUMENTED.keySet()) {
            ToolRun run = ToolRun.run(new Tools(), name -> null, command, "--no-such-option");
            assertThat(run.exit()).as(command).isEqualTo(2);
            assertThat(run.out()).as(command).isEmpty();
            assertThat(run.err()).as(command).startsWith(command + ": Unknown option: '--no-such-option'")
                    .contains("usage: " + JAR + " " + command);
        }
        ToolRun missingValue = ToolRun.run(new Tools(), name -> null, "evaluate", "--model");
        assertThat(missingValue.exit()).isEqualTo(2);
        assertThat(missingValue.err()).startsWith("evaluate: Missing required parameter for option '--model'");
        ToolRun notANumber = ToolRun.run(new Tools(), name -> null, "train", "--data", "d", "--out", "o", "--seed", "x");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).startsWith("train: Invalid value for option '--seed': 'x' is not a long");
    }

    @Test
    void anUnknownCommandIsNamed() {
        ToolRun run = ToolRun.run(new Tools(), name -> null, "no-such-command");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith(JAR + ": unknown command: no-such-command").contains("usage: " + JAR);
    }

    @Test
    void fitFusionParsesItsOptions() {
        CommandSpec c = parse(name -> null, "fit-fusion", "--data", "/a:fit,/b", "--out", "f.json", "--version", "2.0.0",
                "--seed", "7", "--folds", "3", "--trees", "false", "--variants", "--language", "ja", "--max-queries",
                "10", "--db-url", "jdbc:postgresql://h/db", "--schema", "s1");
        assertThat(c.name()).isEqualTo("fit-fusion");
        assertThat(value(c, "--data")).isEqualTo("/a:fit,/b");
        assertThat(value(c, "--out")).isEqualTo(java.nio.file.Path.of("f.json"));
        assertThat(value(c, "--version")).isEqualTo("2.0.0");
        assertThat(value(c, "--seed")).isEqualTo(7L);
        assertThat(value(c, "--folds")).isEqualTo(3);
        assertThat(value(c, "--trees")).isEqualTo(false);
        assertThat(value(c, "--variants")).isEqualTo(true);
        assertThat(value(c, "--language")).isEqualTo(io.qtp.analysis.Language.JA);
        assertThat(value(c, "--max-queries")).isEqualTo(10);
        assertThat(value(c, "--split")).isEqualTo("test");
        assertThat(value(c, "--cache")).isNull();
        assertThat(value(c, "--db-url")).isEqualTo("jdbc:postgresql://h/db");
        assertThat(value(c, "--schema")).isEqualTo("s1");

        CommandSpec defaults = parse(name -> null, "fit-fusion", "--data", "/a", "--out", "f.json");
        assertThat(value(defaults, "--version")).isEqualTo("1.0.0");
        assertThat(value(defaults, "--seed")).isEqualTo(42L);
        assertThat(value(defaults, "--trees")).isEqualTo(true);
        assertThat(value(defaults, "--variants")).isEqualTo(true);
        assertThat(value(parse(name -> null, "fit-weights", "--data", "/a", "--out", "w.json", "--variants", "false"),
                "--variants")).isEqualTo(false);
    }

    @Test
    void oldSpellingsStillWork() {
        CommandSpec ingest = parse(name -> null, "ingest", "--corpus", "/scifact", "--limit", "5");
        assertThat(value(ingest, "--data")).isEqualTo(java.nio.file.Path.of("/scifact"));
        assertThat(value(ingest, "--max-documents")).isEqualTo(5);
        assertThat(value(parse(name -> null, "ingest", "--data", "d"), "--max-documents")).isEqualTo(Integer.MAX_VALUE);
        assertThat(value(parse(name -> null, "convert-squad", "--input", "s.json", "--out", "o"), "--data"))
                .isEqualTo(java.nio.file.Path.of("s.json"));
        assertThat(value(parse(name -> null, "bench-search", "--data", "d", "--reuse", "true"), "--reuse")).isEqualTo(true);
        assertThat(value(parse(name -> null, "bench-search", "--data", "d"), "--reuse")).isEqualTo(false);
    }

    /** The database options default to the service's settings, derived by the service's own code. */
    @Test
    void databaseOptionsDefaultToTheServicesSettings() {
        Map<String, String> env = Map.of("DATABASE_URL", "postgres://u:p%40ss@db.example:5433/qtp?sslmode=disable");
        CommandSpec c = parse(env::get, "export-clicks", "--out", "o");
        assertThat(value(c, "--db-url")).isEqualTo("jdbc:postgresql://db.example:5433/qtp?sslmode=disable");
        assertThat(value(c, "--db-user")).isEqualTo("u");
        assertThat(value(c, "--db-password")).isEqualTo("p@ss");

        Map<String, String> withUser = Map.of("DATABASE_URL", "jdbc:postgresql://h/db", "DATABASE_USER", "svc");
        CommandSpec t = parse(withUser::get, "train", "--data", "d", "--out", "o", "--db-url", "jdbc:postgresql://x/y");
        assertThat(value(t, "--db-url")).as("the option wins").isEqualTo("jdbc:postgresql://x/y");
        assertThat(value(t, "--db-user")).isEqualTo("svc");
        assertThat(value(t, "--db-password")).isNull();
        assertThat(value(parse(name -> null, "ingest", "--data", "d"), "--db-url")).isNull();
    }

    /** The defaults of the database options come from the environment and may be secrets: --help never shows them. */
    @Test
    void helpShowsNoCredentials() {
        Map<String, String> env = Map.of("DATABASE_URL", "postgres://u:url-secret@h/db", "DATABASE_PASSWORD", "env-secret");
        for (String command : List.of("train", "export-clicks", "ingest", "fit-fusion")) {
            ToolRun run = ToolRun.run(new Tools(), env::get, command, "--help");
            assertThat(run.exit()).isZero();
            assertThat(run.out()).as(command).contains("--db-password").doesNotContain("secret");
        }
    }

    /** The service starts without the command-line parser: Main names no picocli class (Tools does). */
    @Test
    void servingDoesNotLoadPicocli() {
        noClasses().that().haveFullyQualifiedName(Main.class.getName())
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(new ClassFileImporter().importClasses(Main.class));
    }
}
