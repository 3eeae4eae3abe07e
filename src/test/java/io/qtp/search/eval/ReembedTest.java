package io.qtp.search.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.search.Document;
import io.qtp.search.DocumentStore;
import io.qtp.search.Embedded;
import io.qtp.search.TextIndexing;
import io.qtp.search.embedding.EmbeddingProviders;
import io.qtp.search.embedding.LanguageEmbedder;

/**
 * {@code reembed} on a schema of its own with the real in-process models: a Japanese document stored with a MiniLM
 * vector (as before V8) moves into the Japanese space under the bilingual provider, English ones stay, a second run
 * has nothing to do, and under the minilm provider it moves back.
 */
class ReembedTest {

    static final String URL = System.getenv().getOrDefault("QTP_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/qtp_test");

    @Test
    void movesEachDocumentIntoTheSpaceOfItsLanguage() throws Exception {
        String schema = "qtp_reembed_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        CliDatabase db = new CliDatabase(URL, "qtp", "qtp", schema);
        LanguageEmbedder minilm = EmbeddingProviders.create(EmbeddingProviders.Settings.minilm());
        LanguageEmbedder bilingual = EmbeddingProviders.create(EmbeddingProviders.Settings.bilingual());
        try {
            db.migrate();
            try (Connection c = db.connect()) {
                List<Document> docs = List.of(
                        new Document("en1", "Statins", "Statins lower LDL cholesterol.", "{}", Language.EN, null),
                        new Document("ja1", "富士山", "富士山は日本で最も高い山である。", "{}", Language.JA, null),
                        new Document("ja2", "琵琶湖", "琵琶湖は滋賀県にある日本最大の湖である。", "{}", Language.JA, null));
                // stored as the minilm provider (and every release before V8) stored them: one space
                new DocumentStore(new TextIndexing(new QueryAnalyzer())).upsert(c, docs,
                        minilm.embedAll(docs.stream().map(Document::embeddingText).toList(),
                                docs.stream().map(Document::language).toList()));
                assertThat(dims(c)).containsExactly("en1 384 0", "ja1 384 0", "ja2 384 0");
                // what the service warns about at start
                assertThat(DocumentStore.countOutsideTheirSpace(c, bilingual::space)).containsExactly(
                        java.util.Map.entry(Language.JA, 2L));
                assertThat(DocumentStore.countOutsideTheirSpace(c, minilm::space)).isEmpty();

                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                assertThat(Reembed.reembed(c, bilingual, 1, out)).isEqualTo(2); // batches of one: paging is exercised
                assertThat(dims(c)).containsExactly("en1 384 0", "ja1 0 512", "ja2 0 512");
                assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("reembed: 2 ja documents into embedding_ja");
                // the vector is the Japanese model's of the document's text
                float[] expected = bilingual.embed(docs.get(1).embeddingText(), Language.JA).vector();
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT embedding_ja::text FROM documents WHERE id = 'ja1'")) {
                    rs.next();
                    assertThat(new com.pgvector.PGvector(rs.getString(1)).toArray()[0]).isEqualTo(expected[0]);
                }
                assertThat(Reembed.reembed(c, bilingual, 64, out)).as("nothing left to move").isZero();
                assertThat(DocumentStore.countOutsideTheirSpace(c, bilingual::space)).isEmpty();
                // back to one space
                assertThat(Reembed.reembed(c, minilm, 64, out)).isEqualTo(2);
                assertThat(dims(c)).containsExactly("en1 384 0", "ja1 384 0", "ja2 384 0");
            }
        } finally {
            try (Connection c = db.connect()) {
                c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** "id dims(embedding) dims(embedding_ja)" per document, 0 for a NULL column. */
    private static List<String> dims(Connection c) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT id, coalesce(vector_dims(embedding), 0),"
                + " coalesce(vector_dims(embedding_ja), 0) FROM documents ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getInt(3));
            }
        }
        return out;
    }
}
