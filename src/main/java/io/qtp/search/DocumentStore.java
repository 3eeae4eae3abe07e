package io.qtp.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import com.pgvector.PGvector;

import io.qtp.analysis.Language;

/**
 * Writes documents: an upsert by id, so that sending the same document twice stores it once (the second write
 * replaces title, content, metadata, language, embedding and full-text column, sets {@code updated_at}, and keeps
 * {@code created_at} unless the document gives one). Plain JDBC: used by the service and the command-line tools.
 */
public final class DocumentStore {

    static final String UPSERT = """
            INSERT INTO documents (id, title, content, metadata, language, embedding, embedding_ja, fts, created_at,
                updated_at)
            VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, to_tsvector(?::regconfig, ?), COALESCE(?, now()), now())
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, content = excluded.content,
                metadata = excluded.metadata, language = excluded.language, embedding = excluded.embedding,
                embedding_ja = excluded.embedding_ja, fts = excluded.fts, created_at = COALESCE(?, documents.created_at), updated_at = now()""";

    private final TextIndexing indexing;

    public DocumentStore(TextIndexing indexing) {
        this.indexing = indexing;
    }

    /** {@link #upsert(Connection, List, List)} with vectors of the main space, made by {@code model}. */
    public void upsertMain(Connection c, List<Document> docs, List<float[]> embeddings, String model)
            throws SQLException {
        upsert(c, docs, embeddings.stream().map(v -> Embedded.main(v, model)).toList());
    }

    /**
     * Upserts the documents with their embeddings (same order) in one transaction of the caller's connection
     * and commits; each vector goes to the column of its space, the other column is emptied. The model of each
     * space written is claimed first ({@link EmbeddingSpaces#claim}): vectors of another model than the one the
     * space holds are refused ({@link EmbeddingSpaces.MismatchException}, nothing written). Blocking.
     */
    public void upsert(Connection c, List<Document> docs, List<Embedded> embeddings) throws SQLException {
        if (docs.size() != embeddings.size()) {
            throw new IllegalArgumentException(docs.size() + " documents but " + embeddings.size() + " embeddings");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            java.util.Set<String> claimed = new java.util.HashSet<>();
            for (Embedded e : embeddings) {
                if (claimed.add(e.space() + " " + e.model())) {
                    EmbeddingSpaces.claim(c, e.space(), e.model(), e.vector().length);
                }
            }
            for (int i = 0; i < docs.size(); i++) {
                Document d = docs.get(i);
                TextIndexing.TsInput ts = indexing.document(d.language(), d.title(), d.content());
                ps.setString(1, d.id());
                ps.setString(2, d.title() == null ? "" : d.title());
                ps.setString(3, d.content());
                ps.setString(4, d.metadataJson() == null ? "{}" : d.metadataJson());
                ps.setString(5, d.language().code());
                Embedded e = embeddings.get(i);
                PGvector v = new PGvector(e.vector());
                ps.setObject(6, e.space() == Embedded.Space.MAIN ? v : null, Types.OTHER);
                ps.setObject(7, e.space() == Embedded.Space.JAPANESE ? v : null, Types.OTHER);
                ps.setString(8, ts.config());
                ps.setString(9, ts.text());
                java.time.OffsetDateTime created = d.createdAt() == null ? null
                        : d.createdAt().atOffset(java.time.ZoneOffset.UTC);
                ps.setObject(10, created, Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(11, created, Types.TIMESTAMP_WITH_TIMEZONE);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * The condition of the documents of one language (parameter 1: its code) that have no vector in {@code space}:
     * stored before that space existed (Japanese documents before V8) or by a provider that puts their language in
     * another space. {@code reembed} moves them.
     */
    public static String outsideSpace(Embedded.Space space) {
        return "language = ? AND " + space.column() + " IS NULL";
    }

    /**
     * Per language, the stored documents without a vector in the space {@code spaceOf} gives it (languages with none
     * left out); one scan of the table.
     */
    public static java.util.Map<Language, Long> countOutsideTheirSpace(Connection c,
            java.util.function.Function<Language, Embedded.Space> spaceOf) throws SQLException {
        Language[] languages = Language.values();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < languages.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("count(*) FILTER (WHERE ")
                    .append(outsideSpace(spaceOf.apply(languages[i]))).append(')');
        }
        java.util.Map<Language, Long> out = new java.util.EnumMap<>(Language.class);
        try (PreparedStatement ps = c.prepareStatement(sql.append(" FROM documents").toString())) {
            for (int i = 0; i < languages.length; i++) {
                ps.setString(i + 1, languages[i].code());
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < languages.length; i++) {
                    if (rs.getLong(i + 1) > 0) {
                        out.put(languages[i], rs.getLong(i + 1));
                    }
                }
            }
        }
        return out;
    }
}
