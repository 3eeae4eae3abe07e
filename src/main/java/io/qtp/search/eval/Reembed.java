package io.qtp.search.eval;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pgvector.PGvector;

import io.qtp.analysis.Language;
import io.qtp.cli.Tool;
import io.qtp.search.Document;
import io.qtp.search.DocumentStore;
import io.qtp.search.Embedded;
import io.qtp.search.EmbeddingSpaces;
import io.qtp.search.embedding.EmbeddingProviders;
import io.qtp.search.embedding.LanguageEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reembed}: gives every stored document a vector of the configured provider's model in the space the provider
 * puts its language in (keyset-paged by id, one transaction per batch). It embeds again (1) the documents that have
 * no vector in that space (after migration V8 with the default bilingual provider: the Japanese documents stored with
 * a MiniLM vector; after a switch back to a one-space provider: the Japanese documents stored in
 * {@code embedding_ja}) and (2) every document of a space whose vectors are not the provider's model's
 * ({@link EmbeddingSpaces#check}: recorded for another model, after a change of model from MiniLM to e5-small-v2, say,
 * or stored before V9 by another), or of the space {@code --space} names; then it
 * records the provider's model for the spaces it wrote. Until then the service refuses vector search on such a space
 * (keyword search works). Re-embedding is not an edit: content, full-text column and {@code updated_at} are left as
 * they are.
 */
@Command(name = "reembed", description = {"Embeds again the stored documents whose vector is not in the space of",
        "their language (the Japanese documents stored before V8, for the default bilingual provider), and all",
        "documents of a space whose vectors another model made (after a change of provider).",
        "Embeddings: the service's (EMBEDDINGS_PROVIDER: bilingual | bilingual-e5 | minilm | openai)."})
public final class Reembed extends Tool {

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
            description = "documents embedded and updated together")
    int batch;

    @Option(names = "--space", paramLabel = "COLUMN",
            description = "embed every document of this space again: embedding or embedding_ja (when its record is"
                    + " wrong: vectors stored before V9 by another provider)")
    String space;

    @Mixin
    SchemaOptions store;

    @Override
    public Integer call() throws SQLException {
        Embedded.Space forced = null;
        if (space != null) {
            for (Embedded.Space s : Embedded.Space.values()) {
                forced = s.column().equals(space) ? s : forced;
            }
            if (forced == null) {
                err.printf("reembed: --space must be embedding or embedding_ja, not '%s'%n", space);
                return 2;
            }
        }
        CliDatabase db = store.open("public");
        db.migrate();
        LanguageEmbedder model = EmbeddingProviders.create(SearchTools.embeddingSettings(settings));
        try (Connection c = db.connect()) {
            long n = reembed(c, model, batch, forced, out);
            out.printf("reembed: done, %d documents embedded again in %s%n", n, db);
        }
        return 0;
    }

    /** {@link #reembed(Connection, LanguageEmbedder, int, Embedded.Space, PrintStream)} with no space forced. */
    static long reembed(Connection c, LanguageEmbedder model, int batchSize, PrintStream out) throws SQLException {
        return reembed(c, model, batchSize, null, out);
    }

    /**
     * Re-embeds the documents of each language that have no vector in that language's space, and all documents of
     * a space recorded for another model or {@code forced} (may be null); records the provider's models; returns
     * how many documents it embedded.
     */
    static long reembed(Connection c, LanguageEmbedder model, int batchSize, Embedded.Space forced, PrintStream out)
            throws SQLException {
        long moved = 0;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Map<Embedded.Space, EmbeddingSpaces.Recorded> recorded = EmbeddingSpaces.read(c);
            // the spaces whose vectors are not the provider's model's: recorded for another, or stored before V9 by
            // another (one document embedded again does not give its vector); the check records the others
            Set<Embedded.Space> mismatched = EmbeddingSpaces.check(c, model).mismatches().keySet();
            c.commit();
            Set<Embedded.Space> whole = EnumSet.noneOf(Embedded.Space.class);
            for (Embedded.Space s : model.spaces()) {
                EmbeddingSpaces.Recorded r = recorded.get(s);
                if (s == forced || mismatched.contains(s)) {
                    whole.add(s);
                    out.printf("reembed: %s holds vectors of %s; embedding all its documents with %s%n", s.column(),
                            r == null ? "an unrecorded model" : r.model(), model.modelName(s));
                }
            }
            for (Language language : Language.values()) {
                Embedded.Space space = model.space(language);
                Embedded.Space other = space == Embedded.Space.MAIN ? Embedded.Space.JAPANESE : Embedded.Space.MAIN;
                String select = "SELECT id, title, content FROM documents WHERE "
                        + (whole.contains(space) ? "language = ?" : DocumentStore.outsideSpace(space))
                        + " AND id > ? ORDER BY id LIMIT ?";
                String update = "UPDATE documents SET " + space.column() + " = ?, " + other.column()
                        + " = NULL WHERE id = ?";
                String after = "";
                long done = 0;
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
                    List<Embedded> vectors = model.embedDocuments(docs.stream().map(Document::embeddingText).toList(),
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
                    done += docs.size();
                    after = docs.get(docs.size() - 1).id();
                    out.printf("reembed: %d %s documents into %s%n", done, language.code(), space.column());
                }
            }
            // every vector of these spaces is now the provider's: record it (a space re-embedded in part keeps its
            // old record or none, so that the service goes on refusing it and a second run starts over)
            for (Embedded.Space s : model.spaces()) {
                if (whole.contains(s)) {
                    EmbeddingSpaces.record(c, s, model.modelName(s), model.dimension(s));
                } else if (EmbeddingSpaces.holdsVectors(c, s)) {
                    EmbeddingSpaces.claim(c, s, model.modelName(s), model.dimension(s));
                }
            }
            c.commit();
            return moved;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
