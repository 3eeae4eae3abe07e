package io.qtp.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;

import io.qtp.classify.QueryType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stores one feedback row synchronously, in its own transaction: {@link #store} returns only after the commit.
 *
 * <p>A pooled connection that died while the database was down fails on first use; such a failure before the
 * commit was sent is retried once on a fresh connection (nothing can have been stored). A failure of the commit
 * itself is not retried (the row may or may not be stored) and reaches the client as a 503 like any other.
 */
@ApplicationScoped
public class FeedbackStore {

    static final String INSERT = "INSERT INTO feedback (query, predicted_type, correct_type, clicked_result_id, user_id)"
            + " VALUES (?, ?, ?, ?, ?) RETURNING id";

    /** A validated feedback row. */
    public record Feedback(String query, QueryType predictedType, QueryType correctType, String clickedResultId,
                           String userId) {
    }

    private final Database database;

    public FeedbackStore(Database database) {
        this.database = database;
    }

    public boolean configured() {
        return database.configured();
    }

    /** Inserts and commits; returns the row id. Blocking: call from a virtual or worker thread. */
    public long store(Feedback f) throws SQLException {
        try {
            return attempt(f);
        } catch (NotCommitted e) {
            try {
                return attempt(f);
            } catch (NotCommitted again) {
                throw again.cause;
            }
        }
    }

    private long attempt(Feedback f) throws SQLException, NotCommitted {
        // a pool that cannot connect is not retried: a second wait would only delay the 503
        Connection c = database.connection();
        try (c) {
            long id;
            try {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    ps.setQueryTimeout(5);
                    ps.setString(1, f.query());
                    ps.setString(2, f.predictedType().label());
                    setNullable(ps, 3, f.correctType() == null ? null : f.correctType().label());
                    setNullable(ps, 4, f.clickedResultId());
                    setNullable(ps, 5, f.userId());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (isConnectionFailure(e)) {
                    throw new NotCommitted(e);
                }
                throw e;
            }
            c.commit();
            return id;
        }
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

    /** SQLState class 08 (connection exception), or a pool timeout. */
    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || (state != null && state.startsWith("08"))
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
