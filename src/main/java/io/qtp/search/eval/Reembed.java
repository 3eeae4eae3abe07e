package io.qtp.search.eval;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.pgvector.PGvector;

import io.qtp.analysis.Language;
import io.qtp.cli.Tool;
import io.qtp.search.Document;
import io.qtp.search.DocumentStore;
import io.qtp.search.Embedded;
import io.qtp.search.embedding.EmbeddingProviders;
import io.qtp.search.embedding.LanguageEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reembed}: gives every stored document a vector in the space the embedding provider puts its language in,
 * embedding again only the documents that have none there (keyset-paged by id, one transaction per batch). After
 * migration V8 with the default bilingual provider these are the Japanese documents stored with a MiniLM vector;
 * after a switch back to one-space provider, the Japanese documents stored in {@code embedding_ja}. Re-embedding is
 * not an edit: content, full-text column and {@code updated_at} are left as they are.
 */
@Command(name = "reembed", description = {"Embeds again the stored documents whose vector is not in the space of",
        "their language (the Japanese documents stored before V8, for the default bilingual provider).",
        "Embeddings: the service's (EMBEDDINGS_PROVIDER: bilingual | minilm | openai)."})
public final class Reembed extends Tool {

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
            description = "documents embedded and updated together")
    int batch;

    @Mixin
    SchemaOptions store;

    @Override
    public Integer call() throws SQLException {
        CliDatabase db = store.open("public");
        db.migrate();
        LanguageEmbedder model = EmbeddingProviders.create(SearchTools.embeddingSettings(settings));
        try (Connection c = db.connect()) {
            long n = reembed(c, model, batch, out);
            out.printf("reembed: done, %d documents moved in %s%n", n, db);
        }
        return 0;
    }

    /** Re-embeds the documents of each language that have no vector in that language's space; returns how many. */
    static long reembed(Connection c, LanguageEmbedder model, int batchSize, PrintStream out) throws SQLException {
        long moved = 0;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (Language language : Language.values()) {
                Embedded.Space space = model.space(language);
                Embedded.Space other = space == Embedded.Space.MAIN ? Embedded.Space.JAPANESE : Embedded.Space.MAIN;
                String select = "SELECT id, title, content FROM documents WHERE " + DocumentStore.outsideSpace(space)
                        + " AND id > ? ORDER BY id LIMIT ?";
                String update = "UPDATE documents SET " + space.column() + " = ?, " + other.column()
                        + " = NULL WHERE id = ?";
                String after = "";
                while (true) {
                    List<Document> docs = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement(select)) {
                        ps.setString(1, language.code());
                        ps.setString(2, after);
                        ps.setInt(3, batchSize);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                docs.add(new Document(rs.getString(1), rs.getString(2), rs.getString(3), null, language,
                                        null));
                            }
                        }
                    }
                    c.commit();
                    if (docs.isEmpty()) {
                        break;
                    }
                    List<Embedded> vectors = model.embedAll(docs.stream().map(Document::embeddingText).toList(),
                            docs.stream().map(Document::language).toList());
                    try (PreparedStatement ps = c.prepareStatement(update)) {
                        for (int i = 0; i < docs.size(); i++) {
                            ps.setObject(1, new PGvector(vectors.get(i).vector()));
                            ps.setString(2, docs.get(i).id());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    c.commit();
                    moved += docs.size();
                    after = docs.get(docs.size() - 1).id();
                    out.printf("reembed: %d %s documents into %s%n", moved, language.code(), space.column());
                }
            }
            return moved;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
