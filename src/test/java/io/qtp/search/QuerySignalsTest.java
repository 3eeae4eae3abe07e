package io.qtp.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.search.fusion.QuerySignals;
import io.qtp.search.fusion.Signal;

/**
 * The term statistics kept by the trigger of migration V5 and every per-query signal, on a four-document corpus
 * whose statistics are known by hand, in a private schema of the real PostgreSQL + pgvector. Lexemes (english
 * configuration): d1 {appl, banana}, d2 {appl, cherri}, d3 {banana, cherri}, d4 {date}; unit embeddings, so the
 * cosine similarities to the query vector e0 are d1 1, d3 0.7071, d2 0, d4 0.
 */
class QuerySignalsTest {

    TestSchema schema;
    Connection c;
    DocumentStore store;
    static final TextIndexing INDEXING = new TextIndexing(new QueryAnalyzer());

    static Embedded e(double... w) {
        float[] v = new float[384];
        for (int i = 0; i < w.length; i++) {
            v[i] = (float) w[i];
        }
        return Embedded.main(v, "test-vectors");
    }

    static Document doc(String id, String content) {
        return new Document(id, "", content, "{}", Language.EN, null);
    }

    @BeforeEach
    void corpus() throws Exception {
        schema = new TestSchema();
        c = schema.connect();
        store = new DocumentStore(INDEXING);
        double h = Math.sqrt(0.5);
        store.upsert(c, List.of(doc("d1", "apple banana"), doc("d2", "apple cherry"), doc("d3", "banana cherry"),
                doc("d4", "date")), List.of(e(1), e(0, 1), e(h, h), e(0, 0, 1)));
    }

    @AfterEach
    void drop() throws Exception {
        c.close();
        schema.close();
    }

    Map<String, Integer> termStats() throws Exception {
        Map<String, Integer> m = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT lexeme, df FROM term_stats ORDER BY lexeme")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getInt(2));
            }
        }
        return m;
    }

    long documents() throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT documents FROM corpus_stats")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theTriggerKeepsDocumentFrequenciesThroughInsertUpdateDeleteAndTruncate() throws Exception {
        assertThat(termStats()).containsExactly(Map.entry("appl", 2), Map.entry("banana", 2), Map.entry("cherri", 2),
                Map.entry("date", 1));
        assertThat(documents()).isEqualTo(4);
        store.upsert(c, List.of(doc("d4", "apple date")), List.of(e(0, 0, 1))); // an update adds appl to d4
        store.upsert(c, List.of(doc("d4", "apple date")), List.of(e(0, 0, 1))); // the same text again: no change
        assertThat(termStats()).containsEntry("appl", 3).containsEntry("date", 1);
        assertThat(documents()).isEqualTo(4);
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM documents WHERE id = 'd2'");
        }
        assertThat(termStats()).containsExactly(Map.entry("appl", 2), Map.entry("banana", 2), Map.entry("cherri", 1),
                Map.entry("date", 1));
        assertThat(documents()).isEqualTo(3);
        try (Statement st = c.createStatement()) {
            st.execute("TRUNCATE documents");
        }
        assertThat(termStats()).isEmpty();
        assertThat(documents()).isZero();
    }

    @Test
    void everySignalHasItsHandComputedValue() throws Exception {
        CandidateLists cand = SearchSql.candidates(c, INDEXING.query(Language.EN, "zebra apple"), e(1), Filters.NONE, 10);
        assertThat(cand.terms().lexemes()).containsExactly("appl", "zebra");
        assertThat(cand.terms().df()).containsExactly(2, 0);
        assertThat(cand.terms().documents()).isEqualTo(4);
        double[] s = QuerySignals.compute(new double[] {0.2, 0.5, 0.3}, Language.EN, 2, cand);
        double idf = Math.log(2); // ln(1 + (4 - 2 + 0.5) / (2 + 0.5))
        Map<Signal, Double> expected = new LinkedHashMap<>();
        expected.put(Signal.P_KEYWORD, 0.2);
        expected.put(Signal.P_SEMANTIC, 0.5);
        expected.put(Signal.P_HYBRID, 0.3);
        expected.put(Signal.LANGUAGE_JA, 0.0);
        expected.put(Signal.QUERY_TOKENS, 2.0);
        expected.put(Signal.TERMS, 2.0);
        expected.put(Signal.IDF_MAX, idf);
        expected.put(Signal.IDF_MEAN, idf);
        expected.put(Signal.IDF_MIN, idf);
        expected.put(Signal.IDF_SUM, idf);
        expected.put(Signal.MISSING_TERM_SHARE, 0.5); // zebra is in no document
        // keyword list: d1 and d2, the same rank (one term of two lexemes each)
        expected.put(Signal.KEYWORD_GAP_1_10, 0.0);
        expected.put(Signal.KEYWORD_SPREAD_10, 0.0);
        expected.put(Signal.KEYWORD_MATCHES, Math.log1p(2));
        // vector list: d1 1, d3 0.7071, d2 0, d4 0
        expected.put(Signal.VECTOR_TOP1, 1.0);
        expected.put(Signal.VECTOR_GAP_1_10, 1.0);
        double mean = (1 + Math.sqrt(0.5)) / 4;
        double var = (Math.pow(1 - mean, 2) + Math.pow(Math.sqrt(0.5) - mean, 2) + 2 * mean * mean) / 4;
        expected.put(Signal.VECTOR_SPREAD_10, Math.sqrt(var));
        expected.put(Signal.OVERLAP_10, 0.2); // d1 and d2 in both top tens
        expected.put(Signal.KEYWORD_TOP1_COSINE, 1.0); // d1
        expected.put(Signal.VECTOR_TOP1_KEYWORD, 1.0); // d1 is also the keyword list's top
        assertThat(cand.keyword()).extracting(Hit::id).containsExactly("d1", "d2");
        assertThat(cand.vector()).extracting(Hit::id).containsExactly("d1", "d3", "d2", "d4");
        assertThat(s[Signal.KEYWORD_TOP1.ordinal()]).isPositive().isEqualTo(cand.keyword().get(0).score());
        for (Map.Entry<Signal, Double> x : expected.entrySet()) {
            assertThat(s[x.getKey().ordinal()]).as(x.getKey().label()).isCloseTo(x.getValue(), within(1e-6));
        }
    }

    /** Okapi BM25 of one term with k1 = 0.9, b = 0.4, as docs/SEARCH.md writes it. */
    static double bm25(double idf, int tf, int dl, double avgdl) {
        return idf * tf * 1.9 / (tf + 0.9 * (0.6 + 0.4 * dl / avgdl));
    }

    @Test
    void theKeywordScoreIsBm25FromTheTermStatistics() throws Exception {
        store.upsert(c, List.of(doc("d5", "banana banana cherry")), List.of(e(0, 0, 0, 1)));
        // 5 documents, 9 lexemes in all (d1-d3 and d5 two each, d4 one): mean length 1.8; df banana 3, date 1
        double avgdl = 9 / 5.0;
        double banana = Math.log(1 + (5 - 3 + 0.5) / (3 + 0.5)), date = Math.log(1 + (5 - 1 + 0.5) / (1 + 0.5));
        CandidateLists cand = SearchSql.candidates(c, INDEXING.query(Language.EN, "banana date"), e(1), Filters.NONE, 10);
        Map<String, Double> expected = Map.of("d5", bm25(banana, 2, 2, avgdl), "d1", bm25(banana, 1, 2, avgdl),
                "d3", bm25(banana, 1, 2, avgdl), "d4", bm25(date, 1, 1, avgdl));
        assertThat(cand.keyword()).extracting(Hit::id).containsExactly("d4", "d5", "d1", "d3");
        for (Hit h : cand.keyword()) {
            assertThat(h.score()).as(h.id()).isCloseTo(expected.get(h.id()), within(1e-9));
        }
        // the vector query scores its own rows by the same formula; d2 holds neither term
        assertThat(cand.vector()).extracting(Hit::id).contains("d2");
        for (Hit h : cand.vector()) {
            assertThat(cand.keywordScore(h.id())).as(h.id()).isCloseTo(expected.getOrDefault(h.id(), 0.0), within(1e-9));
        }
    }

    @Test
    void bm25ScoresOnlyTheBestCandidatesByTsRank() throws Exception {
        // 300 documents where "apple" fills the text rank ts_rank likes (no IDF), one with the rare "zebra": BM25 would
        // put the zebra document first, but ts_rank orders it after the 300 (and d1, d2), so it is not re-ranked at all
        List<Document> docs = new java.util.ArrayList<>();
        List<Embedded> vectors = new java.util.ArrayList<>();
        for (int i = 0; i < SearchSql.RERANK; i++) {
            docs.add(doc("a" + i, "apple apple apple"));
            vectors.add(e(0, 0, 0, 0, 1));
        }
        docs.add(doc("z", "zebra banana cherry date fig grape"));
        vectors.add(e(0, 0, 0, 0, 1));
        store.upsert(c, docs, vectors);
        List<Hit> deep = SearchSql.keyword(c, INDEXING.query(Language.EN, "zebra apple"), Filters.NONE, 10);
        assertThat(deep).hasSize(10).extracting(Hit::id).doesNotContain("z");
        // with the zebra document among the re-ranked (all apple documents but one gone), BM25 puts it first
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM documents WHERE id IN ('d1', 'd2', 'a0', 'a1', 'a2')");
        }
        assertThat(SearchSql.keyword(c, INDEXING.query(Language.EN, "zebra apple"), Filters.NONE, 10).get(0).id())
                .isEqualTo("z");
    }

    @Test
    void aQueryWithoutLexemesStillKnowsTheCollectionSize() throws Exception {
        CandidateLists cand = SearchSql.candidates(c, INDEXING.query(Language.EN, "the of and"), e(1), Filters.NONE, 10);
        assertThat(cand.terms().size()).isZero();
        assertThat(cand.terms().documents()).isEqualTo(4);
        double[] s = QuerySignals.compute(new double[] {1, 0, 0}, Language.EN, 3, cand);
        assertThat(s[Signal.MISSING_TERM_SHARE.ordinal()]).isEqualTo(1.0);
        assertThat(s[Signal.IDF_MAX.ordinal()]).isZero();
        assertThat(s[Signal.KEYWORD_TOP1.ordinal()]).isZero();
    }
}
