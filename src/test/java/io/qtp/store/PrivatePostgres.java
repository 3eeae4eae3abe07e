package io.qtp.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own (initdb + pg_ctl, PostgreSQL 15 binaries), on a free port, that a test may
 * stop and start: the machine's shared cluster is never touched. Created once per JVM; port and directory are
 * shared through system properties because Quarkus loads test classes in two class loaders. Run as the
 * {@code postgres} user when the tests run as root (initdb refuses root). Stopped and deleted when the JVM exits.
 */
public final class PrivatePostgres {

    private static final String PORT_KEY = "query-type-predictor-tests.private-pg.port";
    private static final String DIR_KEY = "query-type-predictor-tests.private-pg.dir";
    static final Path BIN = Path.of(System.getenv().getOrDefault("PG_BIN", "/usr/lib/postgresql/15/bin"));

    private PrivatePostgres() {
    }

    /** The port, after initdb (the server is not started). */
    public static synchronized int port() {
        String p = System.getProperty(PORT_KEY);
        if (p != null) {
            return Integer.parseInt(p);
        }
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new IllegalStateException("PostgreSQL binaries not found in " + BIN
                    + " (install postgresql-15 or set PG_BIN): the database-down test needs its own server");
        }
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("qtp-private-pg");
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            run(asPostgres(BIN.resolve("initdb") + " -D " + dir.resolve("data") + " -A trust -U postgres"
                    + " --no-sync -E UTF8 --locale=C.UTF-8"));
            Files.writeString(dir.resolve("data/postgresql.auto.conf"),
                    "listen_addresses = '127.0.0.1'\nport = " + port + "\nunix_socket_directories = '" + dir + "'\n"
                            + "fsync = off\nmax_connections = 30\n");
            System.setProperty(PORT_KEY, Integer.toString(port));
            System.setProperty(DIR_KEY, dir.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(asPostgres(BIN.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m immediate -w stop"));
                } catch (RuntimeException ignored) {
                    // not running
                }
                try {
                    run(List.of("rm", "-rf", dir.toString()));
                } catch (RuntimeException ignored) {
                    // best effort
                }
            }));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a private PostgreSQL server", e);
        }
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    public static void start() {
        port();
        Path dir = Path.of(System.getProperty(DIR_KEY));
        run(asPostgres(BIN.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -l " + dir.resolve("server.log")
                + " -w -t 30 start"));
    }

    /** Stops fast: connections are cut, as when a database server goes away. */
    public static void stop() {
        Path dir = Path.of(System.getProperty(DIR_KEY));
        run(asPostgres(BIN.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m fast -w -t 30 stop"));
    }

    /** kill -9 of the postmaster and every backend: the server vanishes without a shutdown. */
    public static void kill() {
        signalAll("KILL");
    }

    /** kill -STOP of the postmaster and every backend: the server hangs with its sockets open. */
    public static void pause() {
        signalAll("STOP");
    }

    /** kill -CONT after {@link #pause}. */
    public static void resume() {
        signalAll("CONT");
    }

    private static void signalAll(String signal) {
        Path pidFile = Path.of(System.getProperty(DIR_KEY)).resolve("data/postmaster.pid");
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (IOException e) {
            throw new IllegalStateException("private PostgreSQL is not running: no " + pidFile, e);
        }
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(pid)));
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> cmd.add(Long.toString(d.pid()))));
        run(cmd);
        if (signal.equals("KILL")) {
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(String command) {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of("su", "postgres", "-s", "/bin/sh", "-c", "cd / && " + command));
        } else {
            cmd.addAll(List.of("/bin/sh", "-c", command));
        }
        return cmd;
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("command failed: " + cmd + "\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
