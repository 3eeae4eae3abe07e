package io.qtp.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs picocli commands the one way every tool of the jar runs: {@code --help} on stdout with exit code 0; a usage
 * error as one line ({@code <command>: <what is wrong>}) and the usage on stderr with exit code 2; a failure as one
 * line with exit code 1 (a database error without its stack trace, an unexpected exception with it). The
 * {@link DatabaseOptions} get their defaults from {@link ToolSettings} here.
 */
public final class CommandRunner {

    /** Option name -> its default from the settings: the service's configuration, read in one place. */
    private static final Map<String, Function<ToolSettings, String>> DEFAULTS = Map.of(
            "--db-url", ToolSettings::databaseUrl,
            "--db-user", ToolSettings::databaseUser,
            "--db-password", ToolSettings::databasePassword);

    private CommandRunner() {
    }

    /** Parses {@code args} for {@code command} (with its subcommands) and runs it; returns the exit code. */
    public static int execute(Object command, ToolSettings settings, PrintStream out, PrintStream err, String... args) {
        return commandLine(command, settings, out, err).execute(args);
    }

    /** The configured command line, for tests that only parse. */
    public static CommandLine commandLine(Object command, ToolSettings settings, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, out.charset()), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, err.charset()), true));
        cl.setDefaultValueProvider(arg -> defaultValue(arg, settings));
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --language ja
        cl.setParameterExceptionHandler(CommandRunner::usageError);
        cl.setExecutionExceptionHandler((e, c, parsed) -> failure(e, c));
        configure(cl, settings, out, err);
        return cl;
    }

    private static void configure(CommandLine cl, ToolSettings settings, PrintStream out, PrintStream err) {
        // the same help option, help layout and usage heading for every command, set here once
        CommandSpec spec = cl.getCommandSpec();
        if (spec.findOption("--help") == null) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("this help").build());
        }
        spec.usageMessage().synopsisHeading("usage: ").width(110).sortOptions(false).showDefaultValues(true);
        if (cl.getCommand() instanceof Tool tool) {
            tool.bind(out, err, settings);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            configure(sub, settings, out, err);
        }
    }

    private static String defaultValue(ArgSpec arg, ToolSettings settings) {
        if (arg instanceof OptionSpec option) {
            Function<ToolSettings, String> d = DEFAULTS.get(option.longestName());
            if (d != null) {
                return d.apply(settings);
            }
        }
        return arg.defaultValue();
    }

    private static int usageError(ParameterException error, String[] args) {
        CommandLine cl = error.getCommandLine();
        PrintWriter err = cl.getErr();
        ParameterException e = error;
        if (!(e instanceof UnmatchedArgumentException) && !cl.getUnmatchedArguments().isEmpty()) {
            // picocli checks the required options first; what was mistyped explains more than what is then missing
            e = new UnmatchedArgumentException(cl, cl.getUnmatchedArguments());
        }
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && !cl.getSubcommands().isEmpty() && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command: " + u.getUnmatched().get(0);
        }
        err.println(cl.getCommandName() + ": " + message);
        UnmatchedArgumentException.printSuggestions(e, err);
        cl.usage(err);
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception e, CommandLine cl) {
        PrintWriter err = cl.getErr();
        String name = cl.getCommandName();
        SQLException sql = sqlCause(e);
        if (sql != null) {
            // a lost or refused connection is an operational condition, not a bug: one line, no stack trace
            err.println(name + ": database error" + (sql.getSQLState() == null ? "" : " (SQLSTATE "
                    + sql.getSQLState() + ")") + ": " + firstLine(sql.getMessage()));
            return 1;
        }
        if (e instanceof IllegalArgumentException) {
            err.println(name + ": " + e.getMessage());
            return 2;
        }
        if (!(e instanceof RuntimeException)) {
            err.println(name + ": " + e.getMessage());
            return 1;
        }
        err.println(name + " failed: " + e);
        e.printStackTrace(err);
        return 1;
    }

    /** The first {@link SQLException} among {@code e} and its causes, or null. */
    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
