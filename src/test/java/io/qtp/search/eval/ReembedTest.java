package io.qtp.search.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.search.Document;
import io.qtp.search.DocumentStore;
import io.qtp.search.Embedded;
import io.qtp.search.EmbeddingSpaces;
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
                        minilm.embedDocuments(docs.stream().map(Document::embeddingText).toList(),
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
                float[] expected = bilingual.embedDocuments(List.of(docs.get(1).embeddingText()), List.of(Language.JA))
                        .get(0).vector();
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
    @Test
    void aChangeOfModelIsRefusedUntilTheSpaceIsEmbeddedAgain() throws Exception {
        String schema = "qtp_reembed_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        CliDatabase db = new CliDatabase(URL, "qtp", "qtp", schema);
        LanguageEmbedder bilingual = EmbeddingProviders.create(EmbeddingProviders.Settings.bilingual());
        LanguageEmbedder e5 = EmbeddingProviders.create(new EmbeddingProviders.Settings(
                EmbeddingProviders.BILINGUAL_E5, null, null, null, null, null));
        DocumentStore store = new DocumentStore(new TextIndexing(new QueryAnalyzer()));
        try {
            db.migrate();
            try (Connection c = db.connect()) {
                List<Document> docs = List.of(
                        new Document("en1", "Statins", "Statins lower LDL cholesterol.", "{}", Language.EN, null),
                        new Document("en2", "Aspirin", "Aspirin thins the blood.", "{}", Language.EN, null),
                        new Document("ja1", "富士山", "富士山は日本で最も高い山である。", "{}", Language.JA, null));
                List<String> texts = docs.stream().map(Document::embeddingText).toList();
                List<Language> languages = docs.stream().map(Document::language).toList();
                store.upsert(c, docs, bilingual.embedDocuments(texts, languages));
                // the first write recorded each space's model
                assertThat(EmbeddingSpaces.read(c)).containsExactly(
                        Map.entry(Embedded.Space.MAIN, new EmbeddingSpaces.Recorded("all-MiniLM-L6-v2-q", 384)),
                        Map.entry(Embedded.Space.JAPANESE, new EmbeddingSpaces.Recorded("bge-small-zh-v1.5-q", 512)));
                assertThat(EmbeddingSpaces.check(c, bilingual)
                        .mismatch()).isEmpty();

                // e5-small-v2 has MiniLM's 384 dimensions: only the record tells the two apart
                assertThat(e5.dimension()).isEqualTo(bilingual.dimension());
                assertThat(EmbeddingSpaces.check(c, e5).mismatches()).as("the Japanese model is the same")
                        .containsOnlyKeys(Embedded.Space.MAIN);
                assertThat(EmbeddingSpaces.check(c, e5).mismatch())
                        .hasValueSatisfying(m -> assertThat(m).contains("documents.embedding holds vectors of"
                                + " all-MiniLM-L6-v2-q but the provider embeds with e5-small-v2-q").contains("reembed"));
                List<Document> en3 = List.of(new Document("en3", "", "Vitamin D and bones.", "{}", Language.EN, null));
                assertThatThrownBy(() -> store.upsert(c, en3, e5.embedDocuments(List.of(en3.get(0).embeddingText()),
                        List.of(Language.EN)))).isInstanceOf(EmbeddingSpaces.MismatchException.class);
                assertThat(ids(c)).as("nothing of the refused write stored").containsExactly("en1", "en2", "ja1");

                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                // the English space again (both documents, paged by one), the Japanese one (same model) left alone
                assertThat(Reembed.reembed(c, e5, 1, out)).isEqualTo(2);
                assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("embedding holds vectors of"
                        + " all-MiniLM-L6-v2-q; embedding all its documents with e5-small-v2-q");
                assertThat(EmbeddingSpaces.read(c).get(Embedded.Space.MAIN).model()).isEqualTo("e5-small-v2-q");
                assertThat(EmbeddingSpaces.check(c, e5).mismatch()).isEmpty();
                float[] expected = e5.embedDocuments(List.of(texts.get(0)), List.of(Language.EN)).get(0).vector();
                assertThat(vector(c, "en1")).containsExactly(expected);
                assertThat(Reembed.reembed(c, e5, 64, out)).as("nothing left to embed").isZero();
                store.upsert(c, en3, e5.embedDocuments(List.of(en3.get(0).embeddingText()), List.of(Language.EN)));

                // vectors stored before V9 have no record: one document embedded again tells whether the configured
                // provider's model made them
                c.createStatement().execute("DELETE FROM embedding_spaces");
                EmbeddingSpaces.Check other = EmbeddingSpaces.check(c, bilingual);
                assertThat(other.mismatch()).hasValueSatisfying(m -> assertThat(m).contains("documents.embedding holds"
                        + " vectors stored before their model was recorded").contains("they are not all-MiniLM-L6-v2-q's")
                        .contains("reembed --space embedding"));
                assertThat(EmbeddingSpaces.read(c)).as("the English column is not recorded on a mismatch; the Japanese"
                        + " one (bge, the same model) is").containsOnlyKeys(Embedded.Space.JAPANESE);
                EmbeddingSpaces.Check adopted = EmbeddingSpaces.check(c, e5);
                assertThat(adopted.mismatch()).isEmpty();
                assertThat(adopted.adopted()).singleElement().asString().contains("documents.embedding holds")
                        .contains("recorded them as e5-small-v2-q's");
                assertThat(EmbeddingSpaces.read(c).get(Embedded.Space.MAIN).model()).isEqualTo("e5-small-v2-q");
                // and --space embeds a whole space again whatever its record says
                assertThat(Reembed.reembed(c, e5, 64, Embedded.Space.MAIN, out)).isEqualTo(3);
                // vectors stored before V9 by another model: reembed embeds the whole column, not only records it
                c.createStatement().execute("DELETE FROM embedding_spaces");
                bytes.reset();
                assertThat(Reembed.reembed(c, bilingual, 64, out)).isEqualTo(3);
                assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("embedding holds vectors of an unrecorded"
                        + " model; embedding all its documents with all-MiniLM-L6-v2-q");
                assertThat(vector(c, "en1")).containsExactly(bilingual.embedDocuments(List.of(texts.get(0)),
                        List.of(Language.EN)).get(0).vector());
                assertThat(EmbeddingSpaces.check(c, bilingual).mismatches()).isEmpty();
                assertThat(Reembed.reembed(c, e5, 64, out)).as("back to e5: the English column again").isEqualTo(3);

                // a space that holds no vector any more is free for another model
                c.createStatement().execute("DELETE FROM documents WHERE language = 'en'");
                store.upsert(c, en3, bilingual.embedDocuments(List.of(en3.get(0).embeddingText()),
                        List.of(Language.EN)));
                assertThat(EmbeddingSpaces.read(c).get(Embedded.Space.MAIN).model()).isEqualTo("all-MiniLM-L6-v2-q");
            }
        } finally {
            try (Connection c = db.connect()) {
                c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static List<String> ids(Connection c) throws java.sql.SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM documents ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static float[] vector(Connection c, String id) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT embedding::text FROM documents WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new com.pgvector.PGvector(rs.getString(1)).toArray();
            }
        }
    }

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
