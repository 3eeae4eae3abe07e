package io.qtp.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalyzer;

/**
 * Keyword candidates leave out documents that share only common terms with the query, once PostgreSQL has
 * statistics for the table ({@link CandidateTerms}); without statistics the whole OR query selects them; when every
 * term is common, or the uncommon ones are in no document, the rarest common term does. Ranking always uses the whole
 * query.
 */
class CommonTermPruningTest {

    static TestSchema schema;
    static Connection c;
    static TextIndexing indexing;

    @BeforeAll
    static void corpus() throws Exception {
        schema = new TestSchema();
        c = schema.connect();
        indexing = new TextIndexing(new QueryAnalyzer());
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 250; i++) { // "protein" is in every document: common; "zymogen" in 1 of 251
            docs.add(new Document("common-" + i, "Protein study " + i, "A protein measured in sample number " + i + ".",
                    "{}", Language.EN, Instant.parse("2024-01-01T00:00:00Z")));
        }
        docs.add(new Document("rare", "Zymogen", "The zymogen is an inactive protein precursor.", "{}", Language.EN,
                Instant.parse("2024-01-01T00:00:00Z")));
        float[] v = new float[384];
        v[0] = 1;
        new DocumentStore(indexing).upsertMain(c, docs, Collections.nCopies(docs.size(), v), "test-vectors");
    }

    @AfterAll
    static void drop() throws Exception {
        c.close();
        schema.close();
    }

    static List<String> keyword(String q) throws Exception {
        return SearchSql.keyword(c, indexing.query(Language.EN, q), Filters.NONE, 100).stream().map(Hit::id).toList();
    }

    @Test
    void commonTermsStopSelectingCandidatesOnceTheTableHasStatistics() throws Exception {
        assertThat(keyword("zymogen protein")).as("no statistics yet: the whole OR query").hasSize(100)
                .startsWith("rare");

        c.createStatement().execute("ANALYZE documents");
        assertThat(keyword("zymogen protein")).as("protein is in every document").containsExactly("rare");
        // every term common: the whole query still finds the documents
        assertThat(keyword("protein")).hasSize(100);
        // the only uncommon term is in no document: the whole query again, not nothing
        assertThat(keyword("protein quasiparticles")).hasSize(100);
    }
}
