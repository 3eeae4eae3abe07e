package io.qtp;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the jar: with no arguments (or {@code serve}) it runs the HTTP service; other first
 * arguments name command-line tools that run without starting the service.
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        Quarkus.run(args);
    }
}
