package io.qtp.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.HexFormat;

import io.qtp.classify.QueryType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stores one feedback row synchronously, in its own transaction: {@link #store} returns only after the commit.
 *
 * <p>Retry-safe with an idempotency key (the {@code Idempotency-Key} header): the key is stored with the row under a
 * unique constraint, and the insert is {@code ON CONFLICT (idempotency_key) DO NOTHING}, so a feedback sent again with
 * the same key (after an ambiguous 503, or by nginx on the next instance) finds the row stored the first time and gets
 * the same answer; a concurrent duplicate waits for the first transaction and then finds its row. The same key with a
 * different feedback is refused ({@link KeyReused}: 422).
 *
 * <p>Bounded: the whole store takes at most {@link #BUDGET} (5 s) plus the pool's acquisition timeout (2 s), so the
 * client has its answer within 7 s (measured: 5.0 s; docs/RELIABILITY.md), even when PostgreSQL hangs (its processes stopped, a network that drops packets): each statement runs under a JDBC network
 * timeout (the socket's read timeout: a hung server never answers a cancel request, so {@code setQueryTimeout} alone
 * would wait forever) and a server-side {@code statement_timeout}; the schema migration is waited for at most the
 * same budget. A pooled connection that died while the database was down fails on first use; such a failure before
 * the commit was sent is retried once on a fresh connection when at least a second of the budget is left (nothing can
 * have been stored). A failure of the commit itself is not retried here (the row may or may not be stored): the
 * client gets a 503 and retries with its key.
 */
@ApplicationScoped
public class FeedbackStore {

    /** The longest a feedback store may take before the client gets its 503 (plus the pool's acquisition timeout). */
    static final Duration BUDGET = Duration.ofSeconds(5);
    /** The network timeout of one statement: a hung server is given up after this. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(3);

    static final String INSERT = "INSERT INTO feedback (query, predicted_type, correct_type, clicked_result_id, user_id,"
            + " idempotency_key, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id";
    static final String BY_KEY = "SELECT id, request_hash FROM feedback WHERE idempotency_key = ?";

    /** A validated feedback row. */
    public record Feedback(String query, QueryType predictedType, QueryType correctType, String clickedResultId,
                           String userId) {

        /** SHA-256 of the fields, to tell a retry of this feedback from another feedback under the same key. */
        String hash() {
            String joined = String.join("\u0000", query, predictedType.label(),
                    correctType == null ? "" : correctType.label(), clickedResultId == null ? "" : clickedResultId,
                    userId == null ? "" : userId);
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(joined.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The stored row's id, and whether an earlier request with the same key had stored it. */
    public record Stored(long id, boolean replayed) {
    }

    /** The idempotency key is already used by a different feedback. */
    public static final class KeyReused extends Exception {
        private static final long serialVersionUID = 1L;

        KeyReused() {
            super(null, null, false, false);
        }
    }

    private final Database database;

    public FeedbackStore(Database database) {
        this.database = database;
    }

    public boolean configured() {
        return database.configured();
    }

    /** Inserts and commits without an idempotency key; returns the row id. */
    public long store(Feedback f) throws SQLException {
        try {
            return store(f, null).id();
        } catch (KeyReused e) {
            throw new IllegalStateException("no key, no reuse", e);
        }
    }

    /**
     * Inserts and commits (or finds the row an earlier request with the same {@code key} stored). Blocking: call from
     * a virtual or worker thread. {@code key} may be null.
     */
    public Stored store(Feedback f, String key) throws SQLException, KeyReused {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        try {
            return attempt(f, key, deadline);
        } catch (NotCommitted e) {
            if (deadline - System.nanoTime() < 1_000_000_000L) {
                throw e.cause;
            }
            try {
                return attempt(f, key, deadline);
            } catch (NotCommitted again) {
                throw again.cause;
            }
        }
    }

    private Stored attempt(Feedback f, String key, long deadline) throws SQLException, NotCommitted, KeyReused {
        // a pool that cannot connect is not retried: a second wait would only delay the 503
        Connection c = database.connection(remaining(deadline));
        try (c) {
            Stored stored;
            String hash = f.hash();
            try {
                int timeoutMs = (int) Math.max(1, Math.min(STATEMENT_TIMEOUT.toMillis(), remaining(deadline).toMillis()));
                // the socket's read timeout: the only bound that holds when the server does not answer at all
                // (Agroal restores the pooled connection's own setting when it is returned)
                c.setNetworkTimeout(Runnable::run, timeoutMs);
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL statement_timeout = " + timeoutMs); // a live but slow server
                }
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    ps.setString(1, f.query());
                    ps.setString(2, f.predictedType().label());
                    setNullable(ps, 3, f.correctType() == null ? null : f.correctType().label());
                    setNullable(ps, 4, f.clickedResultId());
                    setNullable(ps, 5, f.userId());
                    setNullable(ps, 6, key);
                    setNullable(ps, 7, key == null ? null : hash);
                    try (ResultSet rs = ps.executeQuery()) {
                        stored = rs.next() ? new Stored(rs.getLong(1), false) : null;
                    }
                }
                if (stored == null) { // the key was stored before (possibly by a transaction that just committed)
                    try (PreparedStatement ps = c.prepareStatement(BY_KEY)) {
                        ps.setString(1, key);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (!rs.next()) {
                                throw new SQLException("feedback with Idempotency-Key vanished", "40001");
                            }
                            if (!hash.equals(rs.getString(2))) {
                                rollbackQuietly(c);
                                throw new KeyReused();
                            }
                            stored = new Stored(rs.getLong(1), true);
                        }
                    }
                }
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (isConnectionFailure(e)) {
                    throw new NotCommitted(e);
                }
                throw e;
            }
            // the commit gets what is left of the budget (at least half a second: it is the step that matters)
            c.setNetworkTimeout(Runnable::run, (int) Math.max(500, remaining(deadline).toMillis()));
            c.commit();
            return stored;
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    /** SQLState class 08 (connection exception), a cancelled statement (57014), or a pool timeout. */
    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || (state != null && (state.startsWith("08") || state.equals("57014")))
                || (e.getCause() instanceof SQLException s && s != e && isConnectionFailure(s));
    }

    /** A failure before the commit was sent: nothing was stored. */
    private static final class NotCommitted extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SQLException cause;

        NotCommitted(SQLException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }
}
