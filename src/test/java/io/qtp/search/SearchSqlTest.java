package io.qtp.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalyzer;

/**
 * The migration and each strategy's SQL on a small fixed corpus in a private schema of the real PostgreSQL +
 * pgvector. Embeddings are hand-made (basis vectors of the 384 dimensions) so that the vector orderings are exact.
 */
class SearchSqlTest {

    static TestSchema schema;
    static Connection c;
    static TextIndexing indexing;

    static Embedded e(double... weights) { // weights of dimensions 0, 1, 2, ...
        float[] v = new float[384];
        for (int i = 0; i < weights.length; i++) {
            v[i] = (float) weights[i];
        }
        return Embedded.main(v, "test-vectors");
    }

    @BeforeAll
    static void corpus() throws Exception {
        schema = new TestSchema();
        c = schema.connect();
        indexing = new TextIndexing(new QueryAnalyzer());
        DocumentStore store = new DocumentStore(indexing);
        store.upsert(c, List.of(
                new Document("pg", "PostgreSQL vector search", "pgvector adds HNSW indexes to PostgreSQL for vector similarity search.",
                        "{\"topic\": \"db\", \"level\": 2}", Language.EN, Instant.parse("2024-05-01T00:00:00Z")),
                new Document("fts", "Full text search", "Text search ranks documents that contain the query's words.",
                        "{\"topic\": \"db\"}", Language.EN, Instant.parse("2023-05-01T00:00:00Z")),
                new Document("pasta", "Cooking pasta", "Boil water, salt it and cook the pasta for ten minutes.",
                        "{\"topic\": \"food\"}", Language.EN, Instant.parse("2022-05-01T00:00:00Z")),
                new Document("tower", "東京タワー", "東京タワーは東京都港区にある電波塔である。", "{\"topic\": \"place\"}",
                        Language.JA, Instant.parse("2021-05-01T00:00:00Z")),
                new Document("fuji", "富士山", "富士山は日本で最も高い山であり、静岡県と山梨県にまたがる。", "{}",
                        Language.JA, null)),
                List.of(e(1), e(0.6, 0.8), e(0, 0, 1), e(0, 0, 0, 1), e(0, 0, 0, 0.6, 0.8)));
    }

    @AfterAll
    static void drop() throws Exception {
        c.close();
        schema.close();
    }

    static List<String> ids(List<Hit> hits) {
        return hits.stream().map(Hit::id).toList();
    }

    static TextIndexing.TsInput en(String q) {
        return indexing.query(Language.EN, q);
    }

    @Test
    void migrationCreatesTheTableAndItsIndexes() throws Exception {
        assertThat(DimensionCheck.columnDimension(c)).isEqualTo(384);
        try (ResultSet rs = c.createStatement().executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = '"
                + schema.name + "' AND tablename = 'documents' ORDER BY indexname")) {
            StringBuilder all = new StringBuilder();
            while (rs.next()) {
                all.append(rs.getString(1)).append('\n');
            }
            assertThat(all.toString()).contains("USING hnsw (embedding vector_cosine_ops)").contains("USING gin (fts)")
                    .contains("USING gin (metadata jsonb_path_ops)");
        }
        try (ResultSet rs = c.createStatement().executeQuery("SELECT attstorage FROM pg_attribute"
                + " WHERE attrelid = 'documents'::regclass AND attname = 'fts'")) {
            rs.next();
            assertThat(rs.getString(1)).as("the full-text column stays in the table's pages (V3)").isEqualTo("m");
        }
        assertThat(DimensionCheck.check(c, "minilm", 384)).isEmpty();
        assertThat(DimensionCheck.check(c, "openai(text-embedding-3-small)", 1536)).get().asString()
                .contains("1536").contains("vector(384)").contains("openai(text-embedding-3-small)");
    }

    @Test
    void v8AddsTheJapaneseSpaceAndTheBilingualProviderIsCheckedAgainstBothColumns() throws Exception {
        assertThat(DimensionCheck.columnDimension(c, Embedded.Space.JAPANESE)).isEqualTo(512);
        try (ResultSet rs = c.createStatement().executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = '"
                + schema.name + "' AND indexname = 'documents_embedding_ja_hnsw_idx'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).contains("USING hnsw (embedding_ja vector_cosine_ops)");
        }
        assertThat(DimensionCheck.check(c, "bilingual", 384, 512)).isEmpty();
        assertThat(DimensionCheck.check(c, "minilm", 384, 0)).isEmpty(); // no Japanese model: the column is not used
        assertThat(DimensionCheck.check(c, "other", 384, 768)).get().asString().contains("768")
                .contains("documents.embedding_ja is vector(512)").contains("for Japanese");
        assertThat(DimensionCheck.check(c, "other", 768, 512)).get().asString().contains("documents.embedding is");
    }

    @Test
    void aJapaneseVectorIsStoredAndSearchedInItsOwnSpaceOnly() throws Exception {
        DocumentStore store = new DocumentStore(indexing);
        float[] v = new float[512];
        v[0] = 1;
        Embedded q = new Embedded(v, Embedded.Space.JAPANESE, "test-vectors-ja");
        Document d = new Document("ja-space", "", "日本語の検索文書", "{}", Language.JA, null);
        store.upsert(c, List.of(d), List.of(q));
        try {
            // the corpus's five documents have vectors of the main space only; this one of the Japanese space only
            assertThat(ids(SearchSql.vector(c, q, Filters.NONE, 10))).containsExactly("ja-space");
            assertThat(ids(SearchSql.vector(c, e(1), Filters.NONE, 10))).hasSize(5).doesNotContain("ja-space");
            // the keyword list's cosines are taken in the query's space too
            CandidateLists cand = SearchSql.candidates(c, indexing.query(Language.JA, "日本語の検索文書"), q,
                    Filters.NONE, 10);
            assertThat(cand.keyword()).extracting(Hit::id).contains("ja-space");
            assertThat(cand.scores().get("ja-space")[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            // stored again with a main-space vector: it leaves the Japanese space
            store.upsert(c, List.of(d), List.of(e(0, 0, 0, 0, 0, 0, 1)));
            assertThat(SearchSql.vector(c, q, Filters.NONE, 10)).isEmpty();
            assertThat(ids(SearchSql.vector(c, e(0, 0, 0, 0, 0, 0, 1), Filters.NONE, 1))).containsExactly("ja-space");
        } finally {
            c.createStatement().execute("DELETE FROM documents WHERE id = 'ja-space'");
        }
    }

    @Test
    void keywordSearchRanksByFullTextMatchWithEnglishStemming() throws Exception {
        // "indexes" and "ranking" are stemmed; OR semantics: a document with any term matches
        List<Hit> hits = SearchSql.keyword(c, en("PostgreSQL vector indexes"), Filters.NONE, 10);
        assertThat(ids(hits)).containsExactly("pg");
        List<Hit> two = SearchSql.keyword(c, en("search ranking of documents"), Filters.NONE, 10);
        assertThat(ids(two)).containsExactly("fts", "pg"); // fts matches search, rank, document; pg only search
        assertThat(two.get(0).score()).isGreaterThan(two.get(1).score());
        assertThat(SearchSql.keyword(c, en("the of and"), Filters.NONE, 10)).isEmpty(); // stop words only
    }

    @Test
    void japaneseKeywordSearchGoesThroughKuromojiTokens() throws Exception {
        TextIndexing.TsInput q = indexing.query(Language.JA, "東京の電波塔");
        assertThat(q.config()).isEqualTo("simple");
        assertThat(q.text()).isEqualTo("東京 電波 塔");
        assertThat(ids(SearchSql.keyword(c, q, Filters.NONE, 10))).containsExactly("tower");
        assertThat(ids(SearchSql.keyword(c, indexing.query(Language.JA, "日本で一番高い山"), Filters.NONE, 10)))
                .containsExactly("fuji");
    }

    @Test
    void vectorSearchOrdersByCosineSimilarity() throws Exception {
        List<Hit> hits = SearchSql.vector(c, e(1), Filters.NONE, 3);
        assertThat(ids(hits)).containsExactly("pg", "fts", "pasta");
        assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(hits.get(1).score()).isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(ids(SearchSql.vector(c, e(0, 0, 0, 0, 1), Filters.NONE, 1))).containsExactly("fuji");
    }

    @Test
    void filtersAreAppliedToBothSearches() throws Exception {
        Filters food = new Filters("{\"topic\": \"food\"}", null, null, null);
        assertThat(ids(SearchSql.vector(c, e(1), food, 10))).containsExactly("pasta");
        assertThat(SearchSql.keyword(c, en("search"), food, 10)).isEmpty();
        Filters ja = new Filters(null, "ja", null, null);
        assertThat(ids(SearchSql.vector(c, e(1), ja, 10))).containsExactlyInAnyOrder("tower", "fuji");
        Filters since2023 = new Filters(null, null, Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2024-12-31T00:00:00Z"));
        assertThat(ids(SearchSql.keyword(c, en("search"), since2023, 10))).containsExactlyInAnyOrder("pg", "fts");
        Filters level = new Filters("{\"level\": 2}", "en", Instant.parse("2024-01-01T00:00:00Z"), null);
        assertThat(ids(SearchSql.keyword(c, en("search"), level, 10))).containsExactly("pg");
        // a filter value is a parameter, never SQL
        Filters hostile = new Filters("{\"topic\": \"db'; DROP TABLE documents; --\"}", null, null, null);
        assertThat(SearchSql.vector(c, e(1), hostile, 10)).isEmpty();
        assertThat(DimensionCheck.columnDimension(c)).isEqualTo(384);
    }

    @Test
    void everyStrategyOnTheSameCandidates() throws Exception {
        // text: pasta matches "cooking" and "pasta", pg and fts "search"; vector: fts (1.0), pg (0.6), pasta (small)
        Embedded q = e(0.6, 0.8, 0.1);
        CandidateLists cand = SearchSql.candidates(c, en("cooking pasta search"), q, Filters.NONE, 10);
        assertThat(ids(cand.keyword()).get(0)).isEqualTo("pasta");
        assertThat(ids(cand.keyword())).containsExactlyInAnyOrder("pasta", "pg", "fts");
        assertThat(ids(cand.vector()).subList(0, 2)).containsExactly("fts", "pg");
        assertThat(cand.scores()).containsKeys("pasta", "pg", "fts", "tower", "fuji");
        assertThat(ids(cand.vector()).get(2)).isEqualTo("pasta");
        assertThat(cand.vectorScore("tower")).isZero();
        assertThat(cand.keywordScore("tower")).isZero();

        assertThat(ids(Fusion.rank(cand, StrategyChoice.of(Strategy.KEYWORD), 1))).containsExactly("pasta");
        assertThat(ids(Fusion.rank(cand, StrategyChoice.of(Strategy.VECTOR), 1))).containsExactly("fts");
        // keyword-heavy weighting keeps pasta first; vector-heavy puts fts first
        assertThat(ids(Fusion.rank(cand, StrategyChoice.weighted(0.2), 1))).containsExactly("pasta");
        assertThat(ids(Fusion.rank(cand, StrategyChoice.weighted(0.8), 1))).containsExactly("fts");
        // rrf: fts = 1/61 (vector) + 1/62 or 1/63 (text); pasta = 1/61 (text) + 1/63 (vector); pg at most 2/62
        assertThat(ids(Fusion.rank(cand, StrategyChoice.of(Strategy.RRF), 2))).containsExactly("fts", "pasta");
        // keyword-first: keyword candidates re-ranked by cosine -> fts (1.0), pg (0.6), pasta (0.1)
        assertThat(ids(Fusion.rank(cand, StrategyChoice.of(Strategy.KEYWORD_FIRST), 10))).containsExactly("fts", "pg", "pasta");
        // vector-first: vector candidates re-ranked by text rank; pasta (best text match) is no vector candidate at
        // depth 2
        CandidateLists shallow = SearchSql.candidates(c, en("cooking pasta search"), q, Filters.NONE, 2);
        assertThat(ids(Fusion.rank(shallow, StrategyChoice.of(Strategy.VECTOR_FIRST), 10))).doesNotContain("pasta")
                .containsExactlyInAnyOrder("fts", "pg");
    }

    @Test
    void theTwoQueriesSideBySideGiveWhatTheyGiveOneAfterTheOther() throws Exception {
        Embedded q = e(0.6, 0.8, 0.1);
        Filters db = new Filters("{\"topic\": \"db\"}", null, null, null);
        try (Connection second = schema.connect()) {
            for (Filters f : List.of(Filters.NONE, db)) {
                for (int depth : new int[] {1, 2, 10}) {
                    CandidateLists one = SearchSql.candidates(c, en("cooking pasta search"), q, f, depth);
                    CandidateLists two = SearchSql.candidates(c, second, en("cooking pasta search"), q, f, depth);
                    assertThat(two.keyword()).isEqualTo(one.keyword());
                    assertThat(two.vector()).isEqualTo(one.vector());
                    assertThat(two.scores()).containsOnlyKeys(one.scores().keySet());
                    one.scores().forEach((id, s) -> assertThat(two.scores().get(id)).containsExactly(s));
                }
            }
            // each side scores its documents by the other side as well: pasta is the text's best, a weak vector match
            CandidateLists both = SearchSql.candidates(c, second, en("cooking pasta"), q, Filters.NONE, 1);
            assertThat(ids(both.keyword())).containsExactly("pasta");
            assertThat(ids(both.vector())).containsExactly("fts");
            assertThat(both.vectorScore("pasta")).isCloseTo(0.1 / Math.sqrt(1.01), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(both.keywordScore("fts")).isZero();
            // the keyword query fails (an unknown text-search configuration): the error comes through, and only after
            // the vector query on the second connection has ended, so the caller may close or reuse it at once
            assertThatThrownBy(() -> SearchSql.candidates(c, second, new TextIndexing.TsInput("no_such_config", "pasta"), q,
                    Filters.NONE, 10)).isInstanceOf(java.sql.SQLException.class).hasMessageContaining("no_such_config");
            assertThat(second.getAutoCommit()).as("the vector query's transaction is over").isTrue();
            assertThat(ids(SearchSql.vector(second, e(1), Filters.NONE, 1))).containsExactly("pg");
            // one side only: no second query, the other score 0
            CandidateLists textOnly = SearchSql.candidates(c, second, en("cooking pasta"), null, Filters.NONE, 10);
            assertThat(textOnly.vector()).isEmpty();
            assertThat(textOnly.vectorScore("pasta")).isZero();
        }
    }

    @Test
    void upsertIsIdempotentByIdAndKeepsCreatedAt() throws Exception {
        DocumentStore store = new DocumentStore(indexing);
        Document d = new Document("again", "", "a zebra document", "{}", Language.EN, Instant.parse("2020-01-01T00:00:00Z"));
        store.upsert(c, List.of(d), List.of(e(0, 0, 0, 0, 0, 1)));
        store.upsert(c, List.of(new Document("again", "", "an okapi document", "{\"v\": 2}", Language.EN, null)),
                List.of(e(0, 0, 0, 0, 0, 1)));
        try (ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*), min(content), min(metadata::text), min(created_at), bool_and(updated_at >= created_at) FROM documents WHERE id = 'again'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("an okapi document");
            assertThat(rs.getString(3)).isEqualTo("{\"v\": 2}");
            assertThat(rs.getTimestamp(4).toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        }
        assertThat(ids(SearchSql.keyword(c, en("okapi"), Filters.NONE, 10))).containsExactly("again");
        assertThat(SearchSql.keyword(c, en("zebra"), Filters.NONE, 10)).isEmpty();
        c.createStatement().execute("DELETE FROM documents WHERE id = 'again'");
    }
}
