package io.qtp.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * A command-line tool: a picocli {@code @Command} whose {@link #call} returns the exit code (0 ok, 1 failure; usage
 * errors, 2, are picocli's). {@link CommandRunner} gives it its output streams and settings before it runs.
 */
public abstract class Tool implements Callable<Integer> {

    /** The report (stdout). */
    protected PrintStream out = System.out;
    /** Progress and errors (stderr). */
    protected PrintStream err = System.err;
    /** The service's settings (environment variables). */
    protected ToolSettings settings;

    final void bind(PrintStream out, PrintStream err, ToolSettings settings) {
        this.out = out;
        this.err = err;
        this.settings = settings;
    }
}
