package io.qtp.search.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.cli.Tool;
import io.qtp.search.Document;
import io.qtp.search.DocumentStore;
import io.qtp.search.Embedded;
import io.qtp.search.TextIndexing;
import io.qtp.search.embedding.EmbeddingProviders;
import io.qtp.search.embedding.LanguageEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ingest}: loads a BEIR corpus.jsonl into the document store in batches (embed, then upsert), printing a
 * progress line with the rate every few seconds. The embedding provider is the service's ({@code EMBEDDINGS_*}
 * environment variables; by default the in-process bilingual models).
 */
@Command(name = "ingest", description = {"Loads a BEIR corpus into the documents table (upsert by id), in batches.",
        "Embeddings: the service's (EMBEDDINGS_PROVIDER: bilingual | minilm | openai)."})
public final class Ingest extends Tool {

    @Option(names = {"--data", "--corpus"}, required = true, paramLabel = "DIR|FILE",
            description = "a BEIR directory or its corpus.jsonl")
    Path corpus;

    @Option(names = "--language", paramLabel = "en|ja",
            description = "the language of every document (default: detected per document)")
    Language language;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
            description = "documents embedded and stored together")
    int batch;

    @Option(names = "--max-documents", paramLabel = "N", showDefaultValue = Visibility.NEVER,
            description = "store at most N documents (default all)")
    int maxDocuments = Integer.MAX_VALUE;

    /** The old name of {@code --max-documents} (bench-search's {@code --limit} is the results per search). */
    @Option(names = "--limit", hidden = true, paramLabel = "N")
    void limit(int n) {
        maxDocuments = n;
    }

    @Mixin
    SchemaOptions store;

    @Override
    public Integer call() throws IOException, SQLException {
        CliDatabase db = store.open("public");
        db.migrate();
        TextIndexing indexing = new TextIndexing(new QueryAnalyzer());
        LanguageEmbedder model = EmbeddingProviders.create(SearchTools.embeddingSettings(settings));
        try (Connection c = db.connect()) {
            long n = ingest(corpus, c, indexing, model, language, batch, maxDocuments, out);
            out.printf("ingest: done, %d documents in %s%n", n, db);
        }
        return 0;
    }

    /** Embeds and upserts the corpus; returns the number of documents stored. */
    static long ingest(Path corpus, Connection c, TextIndexing indexing, LanguageEmbedder model, Language language,
            int batchSize, int limit, PrintStream out) throws IOException, SQLException {
        DocumentStore store = new DocumentStore(indexing);
        long total = Math.min(limit, Beir.count(Beir.corpusFile(corpus)));
        List<Document> batch = new ArrayList<>(batchSize);
        long[] stored = {0};
        long start = System.nanoTime();
        long[] lastPrint = {start};
        SQLException[] failure = {null};
        Beir.corpus(corpus, d -> {
            if (failure[0] != null || stored[0] + batch.size() >= limit) {
                return;
            }
            Language l = language != null ? language : indexing.detect(d.text().isBlank() ? d.title() : d.text());
            String content = d.text().isBlank() ? d.title() : d.text();
            batch.add(new Document(d.id(), d.title(), content, "{}", l, null));
            if (batch.size() == batchSize) {
                try {
                    flush(c, store, model, batch, stored);
                } catch (SQLException e) {
                    failure[0] = e;
                }
                progress(out, stored[0], total, start, lastPrint, false);
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        if (!batch.isEmpty()) {
            flush(c, store, model, batch, stored);
        }
        progress(out, stored[0], total, start, lastPrint, true);
        return stored[0];
    }

    private static void flush(Connection c, DocumentStore store, LanguageEmbedder model, List<Document> batch,
            long[] stored) throws SQLException {
        List<Embedded> vectors = model.embedDocuments(batch.stream().map(Document::embeddingText).toList(),
                batch.stream().map(Document::language).toList());
        store.upsert(c, batch, vectors);
        stored[0] += batch.size();
        batch.clear();
    }

    static void progress(PrintStream out, long done, long total, long start, long[] lastPrint, boolean last) {
        long now = System.nanoTime();
        if (!last && now - lastPrint[0] < 5_000_000_000L) {
            return;
        }
        lastPrint[0] = now;
        double s = (now - start) / 1e9;
        double rate = done / Math.max(s, 1e-9);
        long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
        out.printf("ingest: %d/%d docs (%.1f%%), %.1f docs/s, %.0f s elapsed, eta %d s%n", done, total,
                100.0 * done / Math.max(1, total), rate, s, eta);
    }
}
