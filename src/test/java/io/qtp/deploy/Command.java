package io.qtp.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program (podman, promtool, the project's scripts) to completion, output captured. */
record Command(int exitCode, String output) {

    static Command run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("qtp-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(Deploy.root().toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("timed out after " + timeout + ": " + command + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Command(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Command run(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, List.of(command));
    }

    /** Runs and requires exit code 0. */
    static String ok(Duration timeout, String... command) throws IOException, InterruptedException {
        Command c = run(timeout, command);
        if (c.exitCode != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + c.exitCode + ":\n" + c.output);
        }
        return c.output;
    }
}
