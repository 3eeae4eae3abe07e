package io.qtp.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Compares the embedding provider's dimension with the {@code documents.embedding} column (vector(N)). */
public final class DimensionCheck {

    private DimensionCheck() {
    }

    /** The column's declared dimension (pgvector keeps it as the type modifier), or -1 when undeclared. */
    public static int columnDimension(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.atttypmod FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass('documents') AND a.attname = 'embedding' AND NOT a.attisdropped")) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the documents table has no embedding column (migration V2 missing?)");
                }
                return rs.getInt(1);
            }
        }
    }

    /** Empty when they agree; else the message that says what differs and what to do. */
    public static Optional<String> mismatch(String provider, int providerDimension, int columnDimension) {
        if (columnDimension <= 0 || columnDimension == providerDimension) {
            return Optional.empty();
        }
        return Optional.of("embedding dimension mismatch: provider " + provider + " gives " + providerDimension
                + " dimensions but documents.embedding is vector(" + columnDimension + "); use a provider with "
                + columnDimension + " dimensions (EMBEDDINGS_DIMENSIONS for OpenAI-compatible models that can shorten)"
                + " or migrate the column");
    }

    public static Optional<String> check(Connection c, String provider, int providerDimension) throws SQLException {
        return mismatch(provider, providerDimension, columnDimension(c));
    }
}
