package io.qtp.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Compares the embedding provider's dimensions with the columns of its spaces: {@code documents.embedding}
 * (vector(N)) and, for a provider with a Japanese model, {@code documents.embedding_ja}.
 */
public final class DimensionCheck {

    private DimensionCheck() {
    }

    /** The main column's declared dimension (pgvector keeps it as the type modifier), or -1 when undeclared. */
    public static int columnDimension(Connection c) throws SQLException {
        return columnDimension(c, Embedded.Space.MAIN);
    }

    /** The declared dimension of the column of {@code space}, or -1 when undeclared. */
    public static int columnDimension(Connection c, Embedded.Space space) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.atttypmod FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass('documents') AND a.attname = ? AND NOT a.attisdropped")) {
            ps.setString(1, space.column());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the documents table has no " + space.column() + " column (migration "
                            + (space == Embedded.Space.MAIN ? "V2" : "V8") + " missing?)");
                }
                return rs.getInt(1);
            }
        }
    }

    /** Empty when they agree; else the message that says what differs and what to do. */
    public static Optional<String> mismatch(String provider, int providerDimension, int columnDimension) {
        return mismatch(provider, Embedded.Space.MAIN, providerDimension, columnDimension);
    }

    static Optional<String> mismatch(String provider, Embedded.Space space, int providerDimension, int columnDimension) {
        if (columnDimension <= 0 || columnDimension == providerDimension) {
            return Optional.empty();
        }
        return Optional.of("embedding dimension mismatch: provider " + provider + " gives " + providerDimension
                + " dimensions" + (space == Embedded.Space.MAIN ? "" : " for Japanese") + " but documents."
                + space.column() + " is vector(" + columnDimension + "); use a provider with " + columnDimension
                + " dimensions (EMBEDDINGS_DIMENSIONS for OpenAI-compatible models that can shorten)"
                + " or migrate the column");
    }

    public static Optional<String> check(Connection c, String provider, int providerDimension) throws SQLException {
        return mismatch(provider, providerDimension, columnDimension(c));
    }

    /**
     * Both spaces: the main dimension against {@code documents.embedding} and, when {@code japaneseDimension > 0},
     * the Japanese one against {@code documents.embedding_ja}.
     */
    public static Optional<String> check(Connection c, String provider, int providerDimension, int japaneseDimension)
            throws SQLException {
        Optional<String> main = check(c, provider, providerDimension);
        if (main.isPresent() || japaneseDimension <= 0) {
            return main;
        }
        return mismatch(provider, Embedded.Space.JAPANESE, japaneseDimension,
                columnDimension(c, Embedded.Space.JAPANESE));
    }
}
