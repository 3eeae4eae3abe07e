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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

import io.qtp.http.ApiException;
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
 *
 * <p>Feedback may name the answer it is about by its {@code queryId} (the {@code query_logs} row): the query and the
 * predicted type then come from that row (when the client sends them too they must match), a click is checked against
 * the results the search showed (its rank is the clicked id's position among them) and increments the row's
 * {@code click_count} in the same transaction. An id with no row is a 404 ({@link UnknownQueryId}); a row may still
 * be in the query-log writer's queue, so the resource waits for that queue once before answering 404.
 */
@ApplicationScoped
public class FeedbackStore {

    /** The longest a feedback store may take before the client gets its 503 (plus the pool's acquisition timeout). */
    static final Duration BUDGET = Duration.ofSeconds(5);
    /** The network timeout of one statement: a hung server is given up after this. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(3);

    static final String INSERT = "INSERT INTO feedback (query, predicted_type, correct_type, clicked_result_id, user_id,"
            + " idempotency_key, request_hash, query_id, clicked_rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id";
    static final String BY_KEY = "SELECT id, request_hash FROM feedback WHERE idempotency_key = ?";
    static final String LOG_ROW = "SELECT query, predicted_type, result_ids FROM query_logs WHERE query_id = ?";
    static final String COUNT_CLICK = "UPDATE query_logs SET click_count = click_count + 1 WHERE query_id = ?";

    /**
     * A validated feedback. With a {@code queryId}, {@code query} and {@code predictedType} may be null (taken from
     * the query log); without one they are required. {@code clickedRank} is 1-based, only with a click.
     */
    public record Feedback(String query, QueryType predictedType, QueryType correctType, String clickedResultId,
                           String userId, UUID queryId, Integer clickedRank) {

        public Feedback(String query, QueryType predictedType, QueryType correctType, String clickedResultId,
                String userId) {
            this(query, predictedType, correctType, clickedResultId, userId, null, null);
        }

        /** What kinds of feedback this is: {@code correction}, {@code click}, or both. */
        public java.util.List<String> kinds() {
            java.util.List<String> k = new java.util.ArrayList<>(2);
            if (correctType != null) {
                k.add("correction");
            }
            if (clickedResultId != null) {
                k.add("click");
            }
            return k;
        }

        /** SHA-256 of the fields, to tell a retry of this feedback from another feedback under the same key. */
        String hash() {
            String joined = String.join("\u0000", query == null ? "" : query,
                    predictedType == null ? "" : predictedType.label(),
                    correctType == null ? "" : correctType.label(), clickedResultId == null ? "" : clickedResultId,
                    userId == null ? "" : userId, queryId == null ? "" : queryId.toString(),
                    clickedRank == null ? "" : clickedRank.toString());
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

    /** The feedback names a {@code queryId} that has no {@code query_logs} row (404). */
    public static final class UnknownQueryId extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownQueryId() {
            super(null, null, false, false);
        }
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

    /**
     * Inserts and commits (or finds the row an earlier request with the same {@code key} stored). Blocking: call from
     * a virtual or worker thread. {@code key} may be null.
     */
    public Stored store(Feedback f, String key) throws SQLException, KeyReused, UnknownQueryId {
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

    private Stored attempt(Feedback f, String key, long deadline)
            throws SQLException, NotCommitted, KeyReused, UnknownQueryId {
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
                Feedback row = f.queryId() == null ? f : resolve(c, f);
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    ps.setString(1, row.query());
                    ps.setString(2, row.predictedType().label());
                    setNullable(ps, 3, row.correctType() == null ? null : row.correctType().label());
                    setNullable(ps, 4, row.clickedResultId());
                    setNullable(ps, 5, row.userId());
                    setNullable(ps, 6, key);
                    setNullable(ps, 7, key == null ? null : hash);
                    ps.setObject(8, row.queryId());
                    if (row.clickedRank() == null) {
                        ps.setNull(9, Types.INTEGER);
                    } else {
                        ps.setInt(9, row.clickedRank());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        stored = rs.next() ? new Stored(rs.getLong(1), false) : null;
                    }
                }
                if (stored != null && row.queryId() != null && row.clickedResultId() != null) {
                    try (PreparedStatement ps = c.prepareStatement(COUNT_CLICK)) {
                        ps.setObject(1, row.queryId());
                        ps.executeUpdate();
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
            } catch (UnknownQueryId | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
            // the commit gets what is left of the budget (at least half a second: it is the step that matters)
            c.setNetworkTimeout(Runnable::run, (int) Math.max(500, remaining(deadline).toMillis()));
            c.commit();
            return stored;
        }
    }

    /**
     * The feedback completed from its {@code query_logs} row: the query and the predicted type (the client's must
     * match when given), and the click's rank among the results the search showed (a search row lists them).
     */
    private static Feedback resolve(Connection c, Feedback f) throws SQLException, UnknownQueryId {
        String query;
        QueryType predicted;
        String[] shown;
        try (PreparedStatement ps = c.prepareStatement(LOG_ROW)) {
            ps.setObject(1, f.queryId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new UnknownQueryId();
                }
                query = rs.getString(1);
                predicted = QueryType.fromLabel(rs.getString(2));
                java.sql.Array a = rs.getArray(3);
                shown = a == null ? null : (String[]) a.getArray();
            }
        }
        if (f.query() != null && !f.query().equals(query)) {
            throw ApiException.validation("query does not match the query of queryId " + f.queryId()
                    + " (send the queryId alone, or its query exactly)");
        }
        if (f.predictedType() != null && f.predictedType() != predicted) {
            throw ApiException.validation("predictedType does not match queryId " + f.queryId() + ": the service predicted "
                    + predicted.label());
        }
        Integer rank = f.clickedRank();
        if (f.clickedResultId() != null && shown != null) {
            int at = Arrays.asList(shown).indexOf(f.clickedResultId());
            if (at < 0) {
                throw ApiException.validation("clickedResultId " + f.clickedResultId()
                        + " was not among the " + shown.length + " results of queryId " + f.queryId());
            }
            if (rank != null && rank != at + 1) {
                throw ApiException.validation("clickedRank " + rank + " does not match: " + f.clickedResultId()
                        + " was result " + (at + 1) + " of queryId " + f.queryId());
            }
            rank = at + 1;
        }
        return new Feedback(query, predicted, f.correctType(), f.clickedResultId(), f.userId(), f.queryId(), rank);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
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
