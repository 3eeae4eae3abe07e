package io.qtp.training;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Progress lines on stderr: a step's start, a heartbeat every {@link #HEARTBEAT_SECONDS} seconds while it runs
 * (training a boosted model can take minutes with no output of its own), and its end with the elapsed time.
 */
final class Progress implements AutoCloseable {

    static final long HEARTBEAT_SECONDS = 15;

    private final PrintStream err;
    private final String prefix;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "training-progress");
        t.setDaemon(true);
        return t;
    });

    Progress(PrintStream err, String prefix) {
        this.err = err;
        this.prefix = prefix;
    }

    void info(String message) {
        synchronized (err) {
            err.println("[" + prefix + "] " + message);
            err.flush();
        }
    }

    /** A running step: {@link Step#close()} prints its duration. */
    final class Step implements AutoCloseable {
        private final String what;
        private final long start = System.nanoTime();
        private final ScheduledFuture<?> heartbeat;

        private Step(String what) {
            this.what = what;
            info(what + " ...");
            this.heartbeat = timer.scheduleAtFixedRate(
                    () -> info(what + ": still running (" + seconds() + ")"),
                    HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        }

        double elapsedSeconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        private String seconds() {
            return String.format(Locale.ROOT, "%.1f s", elapsedSeconds());
        }

        /** Ends the step with a result message. */
        void done(String result) {
            heartbeat.cancel(false);
            info(what + ": " + result + " (" + seconds() + ")");
        }

        @Override
        public void close() {
            heartbeat.cancel(false);
        }
    }

    Step step(String what) {
        return new Step(what);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
