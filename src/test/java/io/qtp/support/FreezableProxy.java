package io.qtp.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between the service and a real server (the machine's PostgreSQL) that a test can freeze: while frozen
 * no byte is forwarded in either direction and new connections are accepted but get nothing, exactly what a client
 * sees of a server whose processes are stopped (kill -STOP), without stopping the server other tests share. It can
 * also drop one answer: armed with {@link #dropServerReplyAfter}, it stops forwarding the server's bytes on the
 * connection whose reply contains the marker (e.g. PostgreSQL's {@code COMMIT} completion), so the server has done
 * the work but the client never hears of it: the ambiguous failure that retries must survive.
 *
 * <p>Hand-written (test code only): a fault proxy like Toxiproxy is a separate server to install and drive, and the
 * two behaviours needed here are a few lines of socket copying.
 */
public final class FreezableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Object lock = new Object();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile boolean frozen;
    private volatile byte[] dropMarker;
    private volatile boolean closed;

    public FreezableProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("freezable-proxy-accept").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Stops forwarding, both ways, on every connection, old and new. */
    public void freeze() {
        frozen = true;
    }

    /** Forwards again (what was held is delivered to whoever is still connected). */
    public void thaw() {
        synchronized (lock) {
            frozen = false;
            lock.notifyAll();
        }
    }

    /**
     * Once: the next server reply containing {@code marker} is not delivered, nor anything after it on that
     * connection (the client waits for an answer that never comes).
     */
    public void dropServerReplyAfter(String marker) {
        dropMarker = marker.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** How many server replies were dropped so far. */
    public int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofVirtual().start(() -> connect(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(Socket client) {
        awaitThaw();
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        sockets.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream, false));
        pump(upstream, client, true);
    }

    private void pump(Socket from, Socket to, boolean serverToClient) {
        byte[] buf = new byte[16384];
        boolean dropping = false;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                awaitThaw();
                byte[] marker = dropMarker;
                if (serverToClient && !dropping && marker != null && contains(buf, n, marker)) {
                    dropMarker = null;
                    dropping = true;
                    dropped.incrementAndGet();
                }
                if (!dropping) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side went away: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitThaw() {
        synchronized (lock) {
            while (frozen && !closed) {
                try {
                    lock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean contains(byte[] buf, int n, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= n; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buf[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thaw();
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
