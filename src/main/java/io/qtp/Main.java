package io.qtp;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the jar. With no arguments (or just {@code serve}) it runs the HTTP service at once; any other
 * arguments go to {@link Tools}, the command-line tools (picocli), which run without starting the service.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        // The command-line tools log through JBoss Logging too; like the service, use its log manager.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        if (args.length == 0 || args.length == 1 && args[0].equals("serve")) {
            Quarkus.run(); // the service's path: no parsing, picocli not loaded
            return;
        }
        System.exit(Tools.execute(args));
    }
}
