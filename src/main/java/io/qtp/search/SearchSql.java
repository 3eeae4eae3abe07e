package io.qtp.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.pgvector.PGvector;

/**
 * The search queries, all parameterised (filters included, see {@link Filters}). Plain JDBC on the caller's
 * connection; blocking.
 *
 * <p>The text query is an OR of the query's terms: {@code plainto_tsquery(config, text)} with its {@code &}
 * operators replaced by {@code |} (lexemes are quoted, so the replacement cannot touch them). The keyword score is
 * BM25 ({@link #KEYWORD_SCORE}).
 * The vector score is cosine similarity {@code 1 - (embedding <=> q)}, ordered by the HNSW index, in the column of the
 * query vector's space ({@link Embedded.Space}: a Japanese query of the bilingual provider searches
 * {@code embedding_ja}, where only Japanese documents have vectors); the scan's
 * candidate list ({@code hnsw.ef_search}) is raised to the depth asked for, and with filters pgvector's
 * iterative scan goes on until enough rows pass them.
 */
public final class SearchSql {

    static final String TS_QUERY = "replace(plainto_tsquery(?::regconfig, ?)::text, '&', '|')::tsquery";

    /** BM25's term-frequency saturation and length normalisation: Anserini's defaults for BEIR, not tuned here. */
    static final double K1 = 0.9, B = 0.4;

    /** The keyword candidates BM25 scores: the best of them by {@code ts_rank}, at least this many (3 x the depth). */
    static final int RERANK = 300;

    /**
     * Names the keyword ranking, for the evaluation's run cache (runs fetched under another ranking are not reused) and
     * the fusion model files (fitted on its scores).
     */
    public static final String KEYWORD_RANKING = "bm25 k1=" + K1 + " b=" + B + " dl=lexemes of ts_rank top " + RERANK;

    /**
     * The query's lexemes (parameters: config, text) with their BM25 IDF ({@link TermStatistics#idf}, the same formula)
     * from the term statistics kept at ingest (Flyway V5: {@code term_stats}, {@code corpus_stats}), and the mean
     * document length. One row; {@code lex} and {@code idf} are null when the query has no lexeme. The vector query
     * reads them so; the keyword query gets them from the {@link #TERM_STATS} read it makes anyway ({@link #TERMS}).
     */
    static final String QUERY_TERMS = "(SELECT array_agg(l) AS lex, array_agg(ln(1 + (cs.documents - coalesce(ts.df, 0) + 0.5)"
            + " / (coalesce(ts.df, 0) + 0.5))) AS idf, max(greatest(cs.lexemes, 1)::float8 / greatest(cs.documents, 1)) AS avgdl"
            + " FROM corpus_stats cs, unnest(tsvector_to_array(to_tsvector(?::regconfig, ?))) l"
            + " LEFT JOIN term_stats ts ON ts.lexeme = l)";

    /** {@link #QUERY_TERMS} as parameters: the lexemes, their IDF, the mean document length. */
    static final String TERMS = "(SELECT ?::text[] AS lex, ?::float8[] AS idf, ?::float8 AS avgdl)";

    /**
     * The keyword score: Okapi BM25 of the document's {@code fts} against the query terms {@code t}
     * ({@link #QUERY_TERMS}): the sum over the query terms the document holds of
     * {@code idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))}, with tf the term's positions in the
     * document and dl its number of distinct lexemes ({@code length(fts)}, the length {@code corpus_stats} sums).
     * Written here because PostgreSQL has no BM25 ({@code ts_rank} has no IDF) and the extensions that add one
     * (ParadeDB's pg_search, VectorChord-bm25) are not in Debian's packages. The document's query lexemes are cut
     * out in C ({@code setweight} marks them, {@code ts_filter} keeps them: documents are indexed without weights),
     * so only those few are unnested. Still, the per-row subquery costs about twice what {@code ts_rank} costs (at
     * 100,000 documents, scoring every candidate by BM25 took the keyword query's p95 from 32-35 to 53-54 ms), so the
     * keyword query scores by BM25 only the best {@link #RERANK} candidates by {@code ts_rank(fts, q, 1)} (3 x the
     * depth when deeper). Measured on BEIR SciFact (docs/SEARCH.md): keyword nDCG@10 0.636 with {@code ts_rank}
     * alone (and the candidate pruning), 0.678 with BM25 on every candidate, at the level of published BM25
     * (0.665-0.679). The vector query scores its own rows by the same expression.
     */
    static final String KEYWORD_SCORE = "(SELECT coalesce(sum(t.idf[array_position(t.lex, u.lexeme)]"
            + " * cardinality(u.positions) * " + (K1 + 1) + " / (cardinality(u.positions) + " + K1 + " * (" + (1 - B)
            + " + " + B + " * length(fts) / t.avgdl))), 0) FROM unnest(ts_filter(setweight(fts, 'A', t.lex), '{a}')) u)";

    /**
     * The query's lexemes, each with its share of the documents when PostgreSQL's statistics list it among the
     * {@code fts} column's most common elements ({@code pg_stats.most_common_elems}, kept by ANALYZE / autovacuum),
     * the table's estimated row count, and, from the term statistics kept by a trigger (Flyway V5), the lexeme's exact
     * document frequency and the number of documents. Parameters: config, text. See {@link CandidateTerms} and
     * {@link TermStatistics}.
     */
    static final String TERM_STATS = "SELECT q.l, q.f, (SELECT reltuples FROM pg_class WHERE oid = 'documents'::regclass),"
            + " q.df, cs.documents, cs.lexemes FROM corpus_stats cs LEFT JOIN (SELECT l, x.f, coalesce(t.df, 0) AS df"
            + " FROM unnest(tsvector_to_array(to_tsvector(?::regconfig, ?))) AS l LEFT JOIN (SELECT m.e, m.f FROM pg_stats s,"
            + " unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS m(e, f)"
            + " WHERE s.tablename = 'documents' AND s.attname = 'fts'"
            + " AND s.schemaname = (SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = 'documents'::regclass)"
            + ") x ON x.e = l LEFT JOIN term_stats t ON t.lexeme = l) q ON true ORDER BY q.l";

    /** Runs the vector query beside the keyword query (blocking JDBC: a virtual thread each). */
    private static final ExecutorService VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();

    private SearchSql() {
    }

    /**
     * One candidate: its id and both scores (0 for a side that was not asked; keyword rank 0 when the document does
     * not match the text query).
     */
    record Scored(String id, double keyword, double vector) {
    }

    /** The keyword list with the query terms' statistics it was chosen by. */
    record KeywordSide(List<Scored> rows, TermStatistics terms) {
        static final KeywordSide NONE = new KeywordSide(List.of(), TermStatistics.NONE);
    }

    /**
     * The keyword list, the vector list (each at most {@code depth}) and both scores of every document in either, on
     * one connection: the two queries one after the other. Each query also scores its documents by the other side,
     * so no third query is needed.
     */
    public static CandidateLists candidates(Connection c, TextIndexing.TsInput text, Embedded embedding, Filters filters,
            int depth) throws SQLException {
        KeywordSide keyword = text == null ? KeywordSide.NONE : keyword(c, text, embedding, filters, depth);
        List<Scored> vector = embedding == null ? List.of() : vector(c, embedding, text, filters, depth);
        return candidates(keyword, vector);
    }

    /**
     * The same as {@link #candidates(Connection, TextIndexing.TsInput, Embedded, Filters, int)}, with the two queries
     * at the same time: the keyword query on {@code c} in the calling thread, the vector query on {@code second} in a
     * virtual thread. {@code second} may be null (then one after the other on {@code c}).
     */
    public static CandidateLists candidates(Connection c, Connection second, TextIndexing.TsInput text,
            Embedded embedding, Filters filters, int depth) throws SQLException {
        if (second == null || text == null || embedding == null) {
            return candidates(c, text, embedding, filters, depth);
        }
        Future<List<Scored>> vector = VIRTUAL.submit(() -> vector(second, embedding, text, filters, depth));
        KeywordSide keyword;
        try {
            keyword = keyword(c, text, embedding, filters, depth);
        } catch (SQLException | RuntimeException e) {
            try {
                join(vector); // the caller closes `second` when this returns: its query must have ended
            } catch (SQLException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return candidates(keyword, join(vector));
    }

    /**
     * The vector query's result, waiting for it to end even when interrupted (the interrupt is kept): its connection
     * must be idle before the caller closes or reuses it. Not interrupting it either: a JDBC call interrupted half-way
     * can leave the connection unusable.
     */
    private static <T> T join(Future<T> task) throws SQLException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SQLException sql) {
                        throw sql;
                    }
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static CandidateLists candidates(KeywordSide keyword, List<Scored> vector) {
        Map<String, double[]> scores = new HashMap<>();
        for (List<Scored> list : List.of(keyword.rows(), vector)) {
            for (Scored s : list) {
                scores.put(s.id(), new double[] {s.keyword(), s.vector()});
            }
        }
        return new CandidateLists(keyword.rows().stream().map(s -> new Hit(s.id(), s.keyword())).toList(),
                vector.stream().map(s -> new Hit(s.id(), s.vector())).toList(), scores, keyword.terms());
    }

    public static List<Hit> keyword(Connection c, TextIndexing.TsInput text, Filters filters, int depth)
            throws SQLException {
        return keyword(c, text, null, filters, depth).rows().stream().map(s -> new Hit(s.id(), s.keyword())).toList();
    }

    /** The keyword list; with {@code embedding}, each document's cosine similarity too. */
    static KeywordSide keyword(Connection c, TextIndexing.TsInput text, Embedded embedding, Filters filters, int depth)
            throws SQLException {
        TermRead read = readTerms(c, text);
        CandidateTerms terms = read.candidates();
        // Candidates from the primary terms; only when they find nothing from the fallback terms. The second branch
        // is an uncorrelated NOT EXISTS, which PostgreSQL runs once, before scanning: it costs nothing when the first
        // branch found documents. A null tsquery (no such terms) matches nothing. The candidates are pre-ranked by
        // ts_rank and only the best RERANK of them scored by BM25 (see KEYWORD_SCORE for why).
        String preranked = "SELECT id FROM documents, q WHERE fts @@ q.";
        String prerank = " ORDER BY ts_rank(fts, q.tsq, 1) DESC, id LIMIT ?";
        String sql = "WITH q AS (SELECT " + TS_QUERY + " AS tsq, ?::tsquery AS primary_q, ?::tsquery AS fallback_q),"
                + " t AS " + TERMS + ","
                + " c1 AS (" + preranked + "primary_q" + filters.sql() + prerank + "),"
                + " c AS (SELECT id FROM c1 UNION ALL SELECT id FROM (" + preranked + "fallback_q" + filters.sql()
                + " AND NOT EXISTS (SELECT 1 FROM c1)" + prerank + ") f),"
                + " k AS (SELECT d.id, " + KEYWORD_SCORE + " AS s FROM c JOIN documents d ON d.id = c.id, t"
                + " ORDER BY s DESC, d.id LIMIT ?)"
                + (embedding == null ? " SELECT k.id, k.s, 0 FROM k"
                        : " SELECT k.id, k.s, COALESCE(1 - (d." + embedding.space().column() + " <=> ?), 0) FROM k"
                                + " JOIN documents d ON d.id = k.id")
                + " ORDER BY k.s DESC, k.id";
        int rerank = Math.max(RERANK, 3 * depth);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, text.config());
            ps.setString(i++, text.text());
            ps.setString(i++, CandidateTerms.tsquery(terms.primary()));
            ps.setString(i++, CandidateTerms.tsquery(terms.fallback()));
            TermStatistics stats = read.statistics();
            Double[] idf = new Double[stats.size()];
            for (int j = 0; j < idf.length; j++) {
                idf[j] = TermStatistics.idf(stats.documents(), stats.df(j));
            }
            ps.setArray(i++, c.createArrayOf("text", stats.lexemes().toArray()));
            ps.setArray(i++, c.createArrayOf("float8", idf));
            ps.setDouble(i++, read.meanLength());
            for (int branch = 0; branch < 2; branch++) {
                for (Object p : filters.parameters()) {
                    ps.setObject(i++, p);
                }
                ps.setInt(i++, rerank);
            }
            ps.setInt(i++, depth);
            if (embedding != null) {
                ps.setObject(i, new PGvector(embedding.vector()));
            }
            return new KeywordSide(scored(ps, true), read.statistics());
        }
    }

    /**
     * The candidate terms, the query terms' statistics and the mean document length in lexemes (as
     * {@link #QUERY_TERMS} computes it), from one read of {@link #TERM_STATS}.
     */
    record TermRead(CandidateTerms candidates, TermStatistics statistics, double meanLength) {
    }

    /** The query's lexemes with PostgreSQL's statistics ({@link #TERM_STATS}), chosen by {@link CandidateTerms}. */
    static CandidateTerms candidateTerms(Connection c, TextIndexing.TsInput text) throws SQLException {
        return readTerms(c, text).candidates();
    }

    static TermRead readTerms(Connection c, TextIndexing.TsInput text) throws SQLException {
        List<CandidateTerms.Term> terms = new ArrayList<>();
        List<String> lexemes = new ArrayList<>();
        List<Integer> df = new ArrayList<>();
        double estimated = 0;
        long documents = 0;
        long lexemeTotal = 0;
        try (PreparedStatement ps = c.prepareStatement(TERM_STATS)) {
            ps.setString(1, text.config());
            ps.setString(2, text.text());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) { // one row per lexeme; a single row with no lexeme when the query has none
                    estimated = rs.getDouble(3);
                    documents = rs.getLong(5);
                    lexemeTotal = rs.getLong(6);
                    String lexeme = rs.getString(1);
                    if (lexeme == null) {
                        continue;
                    }
                    double share = rs.getFloat(2);
                    Double listed = rs.wasNull() ? null : share;
                    terms.add(new CandidateTerms.Term(lexeme, listed));
                    lexemes.add(lexeme);
                    df.add(rs.getInt(4));
                }
            }
        }
        return new TermRead(CandidateTerms.choose(terms, estimated),
                new TermStatistics(lexemes, df.stream().mapToInt(Integer::intValue).toArray(), documents),
                (double) Math.max(lexemeTotal, 1) / Math.max(documents, 1));
    }

    public static List<Hit> vector(Connection c, Embedded embedding, Filters filters, int depth) throws SQLException {
        return vector(c, embedding, null, filters, depth).stream().map(s -> new Hit(s.id(), s.vector())).toList();
    }

    /** The vector list; with {@code text}, each document's keyword rank too. */
    static List<Scored> vector(Connection c, Embedded embedding, TextIndexing.TsInput text, Filters filters, int depth)
            throws SQLException {
        String column = embedding.space().column();
        String nearest = "SELECT id, 1 - (" + column + " <=> ?) AS s, fts FROM documents WHERE " + column
                + " IS NOT NULL" + filters.sql() + " ORDER BY " + column + " <=> ? LIMIT ?";
        String sql = text == null ? "SELECT v.id, v.s, 0 FROM (" + nearest + ") v ORDER BY v.s DESC, v.id"
                : "SELECT v.id, v.s, " + KEYWORD_SCORE + " FROM (" + nearest + ") v, " + QUERY_TERMS + " t"
                        + " ORDER BY v.s DESC, v.id";
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false); // SET LOCAL-like settings below last for this transaction only
        try {
            try (PreparedStatement set = c.prepareStatement(
                    "SELECT set_config('hnsw.ef_search', ?, true), set_config('hnsw.iterative_scan', ?, true)")) {
                set.setString(1, Integer.toString(Math.max(40, Math.min(1000, depth))));
                set.setString(2, filters.any() ? "relaxed_order" : "off");
                set.execute();
            }
            List<Scored> out;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                PGvector q = new PGvector(embedding.vector());
                int i = 1;
                ps.setObject(i++, q);
                for (Object p : filters.parameters()) {
                    ps.setObject(i++, p);
                }
                ps.setObject(i++, q);
                ps.setInt(i++, depth);
                if (text != null) {
                    ps.setString(i++, text.config());
                    ps.setString(i, text.text());
                }
                out = scored(ps, false); // sorted by similarity: relaxed order (filters) may return rows out of order
            }
            c.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
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

    /** Rows of (id, this side's score, the other side's score). */
    private static List<Scored> scored(PreparedStatement ps, boolean keywordFirst) throws SQLException {
        List<Scored> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double own = rs.getDouble(2), other = rs.getDouble(3);
                out.add(keywordFirst ? new Scored(rs.getString(1), own, other) : new Scored(rs.getString(1), other, own));
            }
        }
        return out;
    }
}
