package io.qtp.search;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pgvector.PGvector;

/**
 * The search queries, all parameterised (filters included, see {@link Filters}). Plain JDBC on the caller's
 * connection; blocking.
 *
 * <p>The text query is an OR of the query's terms: {@code plainto_tsquery(config, text)} with its {@code &}
 * operators replaced by {@code |} (lexemes are quoted, so the replacement cannot touch them). The keyword score is
 * {@code ts_rank(fts, query, 1)}: term frequency, divided by 1 + log(document length).
 * The vector score is cosine similarity {@code 1 - (embedding <=> q)}, ordered by the HNSW index; the scan's
 * candidate list ({@code hnsw.ef_search}) is raised to the depth asked for, and with filters pgvector's
 * iterative scan goes on until enough rows pass them.
 */
public final class SearchSql {

    static final String TS_QUERY = "replace(plainto_tsquery(?::regconfig, ?)::text, '&', '|')::tsquery";
    /**
     * ts_rank with normalisation 1 (divided by 1 + log(document length)). Measured on BEIR SciFact (docs/SEARCH.md):
     * nDCG@10 0.604, against 0.578 without the normalisation and 0.375 for ts_rank_cd (cover density rewards
     * terms close together, which an OR of a question's words rarely has).
     */
    static final String KEYWORD_SCORE = "ts_rank(fts, q.tsq, 1)";

    /**
     * Documents that contain a term of the query in more than this share of the table are not candidates through
     * that term alone (see {@link #CANDIDATE_QUERY}).
     */
    static final double COMMON_TERM_SHARE = 0.01;

    /**
     * The query that selects keyword candidates: the OR of the query's terms without those PostgreSQL's own
     * statistics call common (lexemes in more than {@link #COMMON_TERM_SHARE} of the documents, from
     * {@code pg_stats.most_common_elems} of the {@code fts} column, kept by ANALYZE / autovacuum); the whole OR
     * query when every term is common or the table has no statistics yet. Candidates are still ranked by the whole
     * query. Why: a GIN index cannot return the top k by rank, so PostgreSQL ranks every match, and an OR of a
     * question's words matched about 60 % of a 100,000-document corpus (seconds per query); a document that only
     * shares common words with the query ranks low anyway (such words carry little information, as an IDF weight
     * would say). Lexemes are quoted for the tsquery syntax (backslash and quote escaped). Parameters: config, text
     * (for the lexemes), config, text (for the fallback).
     */
    static final String CANDIDATE_QUERY = "COALESCE((SELECT string_agg('''' || replace(replace(l, '\\', '\\\\'), '''', '''''')"
            + " || '''', ' | ')::tsquery FROM unnest(tsvector_to_array(to_tsvector(?::regconfig, ?))) AS l"
            + " WHERE COALESCE((SELECT m.f FROM pg_stats s,"
            + " unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS m(e, f)"
            + " WHERE s.tablename = 'documents' AND s.attname = 'fts'"
            + " AND s.schemaname = (SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = 'documents'::regclass)"
            + " AND m.e = l), 0) <= " + COMMON_TERM_SHARE + "), " + TS_QUERY + ")";

    private SearchSql() {
    }

    /** The keyword list, the vector list (each at most {@code depth}) and both scores of every document in either. */
    public static Candidates candidates(Connection c, TextIndexing.TsInput text, float[] embedding, Filters filters,
            int depth) throws SQLException {
        List<Hit> keyword = text == null ? List.of() : keyword(c, text, filters, depth);
        List<Hit> vector = embedding == null ? List.of() : vector(c, embedding, filters, depth);
        Set<String> ids = new LinkedHashSet<>();
        keyword.forEach(h -> ids.add(h.id()));
        vector.forEach(h -> ids.add(h.id()));
        return new Candidates(keyword, vector, scores(c, text, embedding, ids));
    }

    public static List<Hit> keyword(Connection c, TextIndexing.TsInput text, Filters filters, int depth)
            throws SQLException {
        // Candidates from the uncommon terms; only when they find nothing (every uncommon term absent from the
        // documents) from the whole OR query. The second branch is an uncorrelated NOT EXISTS, which PostgreSQL runs
        // once, before scanning: it costs nothing when the first branch found documents.
        String ranked = "SELECT id, " + KEYWORD_SCORE + " AS s FROM documents, q WHERE fts @@ q.";
        String sql = "WITH q AS (SELECT " + TS_QUERY + " AS tsq, " + CANDIDATE_QUERY + " AS cq),"
                + " c1 AS (" + ranked + "cq" + filters.sql() + " ORDER BY s DESC, id LIMIT ?)"
                + " SELECT id, s FROM c1 UNION ALL SELECT id, s FROM (" + ranked + "tsq" + filters.sql()
                + " AND NOT EXISTS (SELECT 1 FROM c1) ORDER BY s DESC, id LIMIT ?) f ORDER BY s DESC, id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (int k = 0; k < 3; k++) { // the whole query, the candidate query's lexemes, its fallback
                ps.setString(i++, text.config());
                ps.setString(i++, text.text());
            }
            for (int branch = 0; branch < 2; branch++) {
                for (Object p : filters.parameters()) {
                    ps.setObject(i++, p);
                }
                ps.setInt(i++, depth);
            }
            return hits(ps);
        }
    }

    public static List<Hit> vector(Connection c, float[] embedding, Filters filters, int depth) throws SQLException {
        String sql = "SELECT id, 1 - (embedding <=> ?) AS s FROM documents WHERE embedding IS NOT NULL" + filters.sql()
                + " ORDER BY embedding <=> ? LIMIT ?";
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false); // SET LOCAL-like settings below last for this transaction only
        try {
            try (PreparedStatement set = c.prepareStatement(
                    "SELECT set_config('hnsw.ef_search', ?, true), set_config('hnsw.iterative_scan', ?, true)")) {
                set.setString(1, Integer.toString(Math.max(40, Math.min(1000, depth))));
                set.setString(2, filters.any() ? "relaxed_order" : "off");
                set.execute();
            }
            List<Hit> out;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                PGvector q = new PGvector(embedding);
                int i = 1;
                ps.setObject(i++, q);
                for (Object p : filters.parameters()) {
                    ps.setObject(i++, p);
                }
                ps.setObject(i++, q);
                ps.setInt(i, depth);
                out = hits(ps);
            }
            c.commit();
            if (filters.any()) { // relaxed order: the scan may return rows slightly out of order
                out = new ArrayList<>(out);
                out.sort(java.util.Comparator.comparingDouble(Hit::score).reversed());
            }
            return out;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** id -> {keyword score, cosine similarity} for the given ids (0 for a side that was not asked). */
    public static Map<String, double[]> scores(Connection c, TextIndexing.TsInput text, float[] embedding,
            Set<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String k = text == null ? "0" : KEYWORD_SCORE;
        String v = embedding == null ? "0" : "COALESCE(1 - (embedding <=> ?), 0)";
        String from = text == null ? "documents" : "documents, (SELECT " + TS_QUERY + " AS tsq) q";
        String sql = "SELECT id, " + k + ", " + v + " FROM " + from + " WHERE id = ANY(?)";
        Map<String, double[]> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (embedding != null) {
                ps.setObject(i++, new PGvector(embedding));
            }
            if (text != null) {
                ps.setString(i++, text.config());
                ps.setString(i++, text.text());
            }
            Array array = c.createArrayOf("varchar", ids.toArray());
            ps.setArray(i, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
                }
            }
        }
        return out;
    }

    /** A stored document as a search result shows it. */
    public record Row(String id, String title, String content, String metadataJson, String language,
            java.time.OffsetDateTime createdAt) {
    }

    /** The rows of the given ids, in the given order. */
    public static List<Row> rows(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Row> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, title, content, metadata::text, language, created_at FROM documents WHERE id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getObject(6, java.time.OffsetDateTime.class)));
                }
            }
        }
        List<Row> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Row r = byId.get(id);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<Hit> hits(PreparedStatement ps) throws SQLException {
        List<Hit> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Hit(rs.getString(1), rs.getDouble(2)));
            }
        }
        return out;
    }
}
