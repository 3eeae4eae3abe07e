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
import java.util.Locale;

import io.qtp.analysis.Language;

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

    /** What a check of a provider needs of it ({@code search.embedding.LanguageEmbedder} is one). */
    public interface Provider {
        /** The spaces it writes and searches. */
        List<Embedded.Space> spaces();

        /** The name of its model of {@code space}. */
        String modelName(Embedded.Space space);

        /** The dimension of its model of {@code space}. */
        int dimension(Embedded.Space space);

        /** The space it puts texts of {@code language} in. */
        Embedded.Space space(Language language);

        /** Documents' embeddings, each by the model of its language. */
        List<Embedded> embedDocuments(List<String> texts, List<Language> languages);
    }

    /**
     * What a check found: the spaces whose vectors are another model's, each with the message that says so (empty
     * when none), and the spaces it recorded (to be logged).
     */
    public record Check(Map<Embedded.Space, String> mismatches, List<String> adopted) {

        /** The first mismatch, if any. */
        public Optional<String> mismatch() {
            return mismatches.values().stream().findFirst();
        }
    }

    /** The least cosine between a stored vector and the same document embedded again by the same model. */
    static final double SAME_MODEL = 0.99;

    /**
     * Compares a provider's models with the record, space by space. A recorded space of another model that still
     * holds vectors is a mismatch (the message says which models and what to do). A space that holds vectors but
     * has no record (written before V9) is checked by embedding one of its documents again: when that gives its stored vector (cosine at
     * least {@value #SAME_MODEL}) the provider's model made them and is recorded ({@link Check#adopted()} says so);
     * otherwise it is a mismatch: another provider wrote them.
     */
    public static Check check(Connection c, Provider provider) throws SQLException {
        Map<Embedded.Space, Recorded> recorded = read(c);
        List<String> adopted = new ArrayList<>();
        Map<Embedded.Space, String> mismatches = new EnumMap<>(Embedded.Space.class);
        for (Embedded.Space space : provider.spaces()) {
            Recorded r = recorded.get(space);
            String model = provider.modelName(space);
            if (r == null) {
                Optional<Document> sample = sample(c, space, provider);
                if (sample.isEmpty()) {
                    continue; // no vectors (or only documents that reembed moves to their language's space)
                }
                Document d = sample.get();
                double cos = cosineToStored(c, space, d.id(), provider.embedDocuments(List.of(d.embeddingText()),
                        List.of(d.language())).get(0).vector());
                if (cos < SAME_MODEL) {
                    mismatches.put(space, "embedding model mismatch: documents." + space.column() + " holds"
                            + " vectors stored before their model was recorded (migration V9), and they are not "
                            + model + "'s (document '" + d.id() + "' embedded again is at cosine "
                            + String.format(Locale.ROOT, "%.3f", cos) + " from its stored vector); configure the"
                            + " provider that wrote them, or run `java -jar query-type-predictor.jar reembed --space "
                            + space.column() + "` to embed them again with " + model
                            + " (keyword search works meanwhile)");
                    continue;
                }
                record(c, space, model, provider.dimension(space));
                adopted.add("documents." + space.column() + " holds vectors stored before their model was recorded"
                        + " (migration V9): recorded them as " + model + "'s (document '" + d.id() + "' embedded"
                        + " again gives its stored vector)");
            } else if (!r.model().equals(model) && holdsVectors(c, space)) {
                mismatches.put(space, mismatch(space, r.model(), model));
            }
        }
        return new Check(mismatches, adopted);
    }

    /** A document with a vector in {@code space} whose language the provider embeds into it, if any. */
    private static Optional<Document> sample(Connection c, Embedded.Space space, Provider provider)
            throws SQLException {
        List<String> languages = new ArrayList<>();
        for (Language l : Language.values()) {
            if (provider.space(l) == space) {
                languages.add(l.code());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, title, content, language FROM documents WHERE "
                + space.column() + " IS NOT NULL AND language = ANY (?) LIMIT 1")) {
            ps.setArray(1, c.createArrayOf("text", languages.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Document(rs.getString(1), rs.getString(2), rs.getString(3), null,
                        Language.ofCode(rs.getString(4)), null));
            }
        }
    }

    /** Cosine similarity of {@code vector} to the stored vector of document {@code id} (pgvector's). */
    private static double cosineToStored(Connection c, Embedded.Space space, String id, float[] vector)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 - (" + space.column() + " <=> ?) FROM documents"
                + " WHERE id = ?")) {
            ps.setObject(1, new com.pgvector.PGvector(vector));
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double cos = rs.getDouble(1);
                return rs.wasNull() ? 0 : cos;
            }
        }
    }

    static String mismatch(Embedded.Space space, String recorded, String configured) {
        return "embedding model mismatch: documents." + space.column() + " holds vectors of " + recorded
                + " but the provider embeds with " + configured + " (vectors of two models do not compare); run"
                + " `java -jar query-type-predictor.jar reembed` to embed the documents again with " + configured
                + ", or configure the provider of " + recorded + " (keyword search works meanwhile)";
    }
}
