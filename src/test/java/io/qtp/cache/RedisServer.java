package io.qtp.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server for the cache tests, on a free port, without persistence: never the shared one on
 * 6379. Quarkus loads test profiles in a second class loader, so the port and pid live in JVM system
 * properties (names outside {@code qtp.}, which the service's config would read) rather than static fields.
 */
public final class RedisServer {

    private static final String PORT = "query-type-predictor-tests.redis.port";
    private static final String PID = "query-type-predictor-tests.redis.pid";

    private RedisServer() {
    }

    /** The port of the test's redis-server, starting it on first use. */
    public static synchronized int port() {
        String existing = System.getProperty(PORT);
        if (existing != null) {
            return Integer.parseInt(existing);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(PORT, Integer.toString(port));
        start();
        Runtime.getRuntime().addShutdownHook(new Thread(RedisServer::kill));
        return port;
    }

    /** Starts redis-server on {@link #port()} (again, after {@link #kill}) and waits until it answers PING. */
    public static synchronized void start() {
        int port = Integer.parseInt(System.getProperty(PORT));
        try {
            Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            System.setProperty(PID, Long.toString(p.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!pings(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            sleep(50);
        }
    }

    /** kill -9. */
    public static synchronized void kill() {
        String pid = System.getProperty(PID);
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> {
                signal("CONT"); // a stopped process must be resumed to die promptly on some systems
                h.destroyForcibly();
                h.onExit().orTimeout(10, TimeUnit.SECONDS).join();
            });
            System.clearProperty(PID);
        }
    }

    /** kill -STOP: the process hangs with its sockets open. */
    public static void pause() {
        signal("STOP");
    }

    /** kill -CONT. */
    public static void resume() {
        signal("CONT");
    }

    private static void signal(String name) {
        String pid = System.getProperty(PID);
        if (pid == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + name, pid).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A raw RESP PING, independent of the service's client. */
    public static boolean pings(int port) {
        return "+PONG".equals(command(port, "PING"));
    }

    /** Sends one inline command and returns the first line of the reply ({@code null} when Redis does not answer). */
    static String command(int port, String inline) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** GET of a cache key; null when absent. */
    static String get(int port, String key) {
        return onKey(port, "GET", key);
    }

    /** TTL of a cache key in seconds (-2 when absent). */
    static long ttl(int port, String key) {
        return Long.parseLong(onKey(port, "TTL", key).substring(1));
    }

    /**
     * A command on one key, sent as a RESP array (the cache's keys contain a NUL, which an inline command cannot
     * carry): a bulk reply's content (null for a nil reply), else the reply's first line.
     */
    private static String onKey(int port, String command, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write(("*2\r\n$" + command.length() + "\r\n" + command + "\r\n$" + k.length + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(k);
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder header = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                header.append((char) c);
            }
            in.read(); // \n
            if (header.charAt(0) != '$') {
                return header.toString();
            }
            int len = Integer.parseInt(header.substring(1));
            return len < 0 ? null : new String(in.readNBytes(len), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
