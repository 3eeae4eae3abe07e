package io.qtp.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The record of which model filled each vector column ({@code embedding_spaces}, migration V9). Dimensions alone
 * cannot tell two models apart (all-MiniLM-L6-v2 and e5-small-v2 both have 384), and their vectors do not compare:
 * so a space belongs to the model of the vectors in it. A write claims an unrecorded space for its model and is
 * refused for another model while the space holds vectors; an empty space is free for any model. Plain JDBC, in
 * the caller's transaction.
 */
public final class EmbeddingSpaces {

    /** A model recorded for a space. */
    public record Recorded(String model, int dimensions) {
    }

    /** A vector of another model than the one recorded for its space. */
    public static final class MismatchException extends RuntimeException {
        public MismatchException(String message) {
            super(message);
        }
    }

    private EmbeddingSpaces() {
    }

    /** The recorded model of every space that has one. */
    public static Map<Embedded.Space, Recorded> read(Connection c) throws SQLException {
        Map<Embedded.Space, Recorded> out = new EnumMap<>(Embedded.Space.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT space, model, dimensions FROM embedding_spaces");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (Embedded.Space s : Embedded.Space.values()) {
                    if (s.column().equals(rs.getString(1))) {
                        out.put(s, new Recorded(rs.getString(2), rs.getInt(3)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Records {@code model} for {@code space} unless another model is recorded and the space still holds vectors
     * (then {@link MismatchException}). Call it in the transaction that writes the vectors: a concurrent claim of
     * another model waits on the record's key and then sees this one.
     */
    public static void claim(Connection c, Embedded.Space space, String model, int dimensions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO embedding_spaces (space, model, dimensions)"
                + " VALUES (?, ?, ?) ON CONFLICT (space) DO NOTHING")) {
            ps.setString(1, space.column());
            ps.setString(2, model);
            ps.setInt(3, dimensions);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        Recorded r = read(c).get(space);
        if (r == null || r.model().equals(model)) {
            return;
        }
        if (holdsVectors(c, space)) {
            throw new MismatchException(mismatch(space, r.model(), model));
        }
        record(c, space, model, dimensions); // an empty space belongs to nobody
    }

    /** Sets the record of {@code space} to {@code model} (after {@code reembed} has embedded all of it again). */
    public static void record(Connection c, Embedded.Space space, String model, int dimensions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO embedding_spaces (space, model, dimensions)"
                + " VALUES (?, ?, ?) ON CONFLICT (space) DO UPDATE SET model = excluded.model,"
                + " dimensions = excluded.dimensions, recorded_at = now()")) {
            ps.setString(1, space.column());
            ps.setString(2, model);
            ps.setInt(3, dimensions);
            ps.executeUpdate();
        }
    }

    /** True when some document has a vector in {@code space}. */
    public static boolean holdsVectors(Connection c, Embedded.Space space) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM documents WHERE "
                + space.column() + " IS NOT NULL)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** What a check at start found. */
    public record Check(Optional<String> mismatch, List<String> adopted) {
    }

    /**
     * Compares a provider's models ({@code modelOf} for each of its {@code spaces}) with the record. A space that
     * holds vectors but has no record (written before V9) is recorded for the provider: it wrote them unless the
     * provider was changed since, and {@link Check#adopted()} names it so that the caller says so. A recorded space
     * of another model that still holds vectors is a mismatch: the message says which models and what to do.
     */
    public static Check check(Connection c, List<Embedded.Space> spaces, Function<Embedded.Space, String> modelOf,
            Function<Embedded.Space, Integer> dimensionOf) throws SQLException {
        Map<Embedded.Space, Recorded> recorded = read(c);
        List<String> adopted = new ArrayList<>();
        for (Embedded.Space space : spaces) {
            Recorded r = recorded.get(space);
            String model = modelOf.apply(space);
            if (r == null) {
                if (holdsVectors(c, space)) {
                    record(c, space, model, dimensionOf.apply(space));
                    adopted.add("documents." + space.column() + " holds vectors stored before their model was recorded"
                            + " (migration V9); recorded them as " + model + ", the configured provider's model. If"
                            + " another provider wrote them, run `java -jar query-type-predictor.jar reembed --space "
                            + space.column() + "` to embed them again");
                }
            } else if (!r.model().equals(model) && holdsVectors(c, space)) {
                return new Check(Optional.of(mismatch(space, r.model(), model)), adopted);
            }
        }
        return new Check(Optional.empty(), adopted);
    }

    static String mismatch(Embedded.Space space, String recorded, String configured) {
        return "embedding model mismatch: documents." + space.column() + " holds vectors of " + recorded
                + " but the provider embeds with " + configured + " (vectors of two models do not compare); run"
                + " `java -jar query-type-predictor.jar reembed` to embed the documents again with " + configured
                + ", or configure the provider of " + recorded + " (keyword search works meanwhile)";
    }
}
