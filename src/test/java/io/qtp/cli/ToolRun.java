package io.qtp.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** A command run as the jar runs it ({@link CommandRunner}), its output captured: for the tests of the tools. */
public record ToolRun(int exit, String out, String err) {

    /** Runs {@code command} with the process's environment. */
    public static ToolRun run(Object command, String... args) {
        return run(command, ToolSettings.system(), args);
    }

    /** Runs {@code command} with only the variables {@code env} gives. */
    public static ToolRun run(Object command, UnaryOperator<String> env, String... args) {
        return run(command, ToolSettings.of(env), args);
    }

    private static ToolRun run(Object command, ToolSettings settings, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CommandRunner.execute(command, settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new ToolRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
