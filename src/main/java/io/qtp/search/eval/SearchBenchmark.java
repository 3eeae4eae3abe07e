package io.qtp.search.eval;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.QueryClassifier;
import io.qtp.cli.Tool;
import io.qtp.search.AdaptivePolicy;
import io.qtp.search.CandidateLists;
import io.qtp.search.Document;
import io.qtp.search.DocumentStore;
import io.qtp.search.Embedded;
import io.qtp.search.EmbeddingSpaces;
import io.qtp.search.Filters;
import io.qtp.search.Fusion;
import io.qtp.search.Hit;
import io.qtp.search.SearchSql;
import io.qtp.search.Strategy;
import io.qtp.search.StrategyChoice;
import io.qtp.search.TextIndexing;
import io.qtp.search.embedding.EmbeddingProviders;
import io.qtp.search.embedding.LanguageEmbedder;
import io.qtp.search.fusion.FusionArtifact;
import io.qtp.search.fusion.QuerySignals;
import io.qtp.classify.Prediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench-search} (scripts/bench/search.sh): ingest rate and search latency at scale. The corpus is a BEIR corpus
 * replicated to {@code --docs} documents with distinct ids ({@code <id>#<copy>}); to keep the run short each source
 * document is embedded once and every copy gets that vector plus Gaussian noise (sigma {@code --noise}, then
 * re-normalised), so the HNSW graph holds distinct points. The ingest rate is therefore the store's (full-text
 * column, HNSW and GIN maintenance, one transaction per batch), not the embedding model's, which is measured
 * separately on the source. Searches: the queries of the BEIR directory, each strategy, timed end to end
 * (embedding, SQL, fusion, fetching the rows) after a warm-up.
 */
@Command(name = "bench-search",
        description = "Ingest rate and search latency at 100,000 documents (scripts/bench/search.sh).")
public final class SearchBenchmark extends Tool {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "a BEIR directory: corpus and queries")
    Path data;

    @Option(names = "--docs", defaultValue = "100000", paramLabel = "N",
            description = "documents to store, copies of the corpus's")
    int docs;

    @Option(names = "--batch", defaultValue = "500", paramLabel = "N", description = "documents stored per transaction")
    int batch;

    @Option(names = "--noise", defaultValue = "0.02", paramLabel = "SIGMA",
            description = "Gaussian noise added to each copy's vector")
    double noise;

    @Option(names = "--searches", defaultValue = "200", paramLabel = "N", description = "timed searches per strategy")
    int searches;

    @Option(names = "--limit", defaultValue = "10", paramLabel = "N", description = "results per search")
    int limit;

    @Option(names = "--reuse", arity = "0..1", fallbackValue = "true", defaultValue = "false", paramLabel = "true|false",
            description = "keep the documents of an earlier run when there are --docs of them (searches only; default false)")
    boolean reuse;

    @Option(names = "--fusion", defaultValue = "bundled", paramLabel = "bundled|none|FILE",
            description = "the fusion model of the learned strategy")
    String fusion;

    @Mixin
    SchemaOptions store;

    @Override
    public Integer call() throws Exception {
        bench(out);
        return 0;
    }

    void bench(PrintStream out) throws Exception {
        int target = docs;
        int batchSize = batch;
        CliDatabase db = store.open("qtp_search_bench");
        db.migrate();
        QueryAnalyzer analyzer = new QueryAnalyzer();
        TextIndexing indexing = new TextIndexing(analyzer);
        LanguageEmbedder model = EmbeddingProviders.create(SearchTools.embeddingSettings(settings));
        QueryClassifier classifier = SearchTools.classifier();
        FusionArtifact fusion = SearchTools.fusion(this.fusion);

        boolean reuse = this.reuse;
        if (reuse) {
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM documents")) {
                rs.next();
                EmbeddingSpaces.Recorded recorded = EmbeddingSpaces.read(c).get(Embedded.Space.MAIN);
                // the documents of an earlier run with the same provider's model only: vectors of two models do
                // not compare
                reuse = rs.getLong(1) == target && recorded != null
                        && recorded.model().equals(model.modelName(Embedded.Space.MAIN));
            }
            out.println(reuse ? "reusing the " + target + " documents of an earlier run" : "no earlier run to reuse"
                    + " (with this provider's model)");
        }
        List<Beir.Doc> source = new ArrayList<>();
        Beir.corpus(data, source::add);
        if (reuse) {
            source.clear();
        }
        out.printf("source: %d documents from %s; embedding each once%n", source.size(), data);
        long t = System.nanoTime();
        List<float[]> vectors = new ArrayList<>(source.size());
        for (int from = 0; from < source.size(); from += 256) {
            List<Beir.Doc> part = source.subList(from, Math.min(source.size(), from + 256));
            model.embedDocuments(part.stream().map(d -> d.title().isBlank() ? d.text() : d.title() + "\n" + d.text()).toList(),
                    java.util.Collections.nCopies(part.size(), Language.EN)).forEach(e -> vectors.add(e.vector()));
            if ((from / 256) % 4 == 0) {
                out.printf("  embedded %d/%d (%.1f docs/s)%n", vectors.size(), source.size(),
                        vectors.size() / ((System.nanoTime() - t) / 1e9));
            }
        }
        double embedRate = source.size() / ((System.nanoTime() - t) / 1e9);
        if (!reuse) {
            out.printf(Locale.ROOT, "embedding (%s, in process): %.1f docs/s%n",
                    SearchTools.embeddingSettings(settings).describe(), embedRate);
        }

        DocumentStore store = new DocumentStore(indexing);
        SplittableRandom rnd = new SplittableRandom(42);
        try (Connection c = db.connect(); Connection second = db.connect()) {
            if (!reuse) {
                ingestCopies(c, store, source, vectors, model.modelName(Embedded.Space.MAIN), target, batchSize, noise,
                        rnd, out);
            }
            searches(c, second, data, searches, limit, indexing, analyzer, classifier, model, fusion, out);
        }
    }

    private static void ingestCopies(Connection c, DocumentStore store, List<Beir.Doc> source, List<float[]> vectors,
            String modelName, int target, int batchSize, double noise, SplittableRandom rnd, PrintStream out) throws SQLException {
        {
            try (Statement st = c.createStatement()) {
                st.execute("TRUNCATE documents");
            }
            long start = System.nanoTime();
            long[] last = {start};
            List<Document> batch = new ArrayList<>(batchSize);
            List<float[]> batchVectors = new ArrayList<>(batchSize);
            int n = 0;
            for (int copy = 0; n < target; copy++) {
                for (int i = 0; i < source.size() && n < target; i++, n++) {
                    Beir.Doc d = source.get(i);
                    batch.add(new Document(d.id() + "#" + copy, d.title(), d.text().isBlank() ? d.title() : d.text(),
                            "{\"copy\": " + copy + "}", Language.EN, null));
                    batchVectors.add(copy == 0 ? vectors.get(i) : jitter(vectors.get(i), noise, rnd));
                    if (batch.size() == batchSize) {
                        store.upsertMain(c, batch, batchVectors, modelName);
                        batch.clear();
                        batchVectors.clear();
                        Ingest.progress(out, n + 1, target, start, last, false);
                    }
                }
            }
            if (!batch.isEmpty()) {
                store.upsertMain(c, batch, batchVectors, modelName);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "store ingest: %d documents in %.1f s = %.0f docs/s (batches of %d, HNSW + GIN maintained)%n",
                    n, secs, n / secs, batchSize);
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE documents");
                // The term statistics are rewritten on every document write (a trigger): vacuum them as autovacuum
                // would on a server that runs it (the test server of scripts/services/ does not), or the searches
                // read through hundreds of thousands of dead row versions.
                st.execute("VACUUM ANALYZE term_stats");
                st.execute("VACUUM ANALYZE corpus_stats");
                try (ResultSet rs = st.executeQuery("SELECT pg_size_pretty(pg_total_relation_size('documents')),"
                        + " pg_size_pretty(pg_relation_size('documents_embedding_hnsw_idx'))")) {
                    rs.next();
                    out.printf("table with indexes: %s (HNSW index %s)%n", rs.getString(1), rs.getString(2));
                }
            }
        }
    }

    /** Searches as the service runs them: the vector query on {@code second} beside the keyword query on {@code c}. */
    private static void searches(Connection c, Connection second, Path data, int searches, int limit, TextIndexing indexing,
            QueryAnalyzer analyzer, QueryClassifier classifier, LanguageEmbedder model, FusionArtifact fusion,
            PrintStream out) throws Exception {
        {

            Map<String, String> queries = Beir.queries(data);
            List<String> texts = new ArrayList<>();
            for (String qid : Beir.qrels(data, "test").keySet()) {
                if (queries.containsKey(qid) && texts.size() < searches) {
                    texts.add(queries.get(qid));
                }
            }
            out.printf("%d queries, limit %d, candidate depth %d%n", texts.size(), limit, Math.max(limit, 100));
            List<StrategyChoice> strategies = new ArrayList<>(List.of(StrategyChoice.of(Strategy.KEYWORD),
                    StrategyChoice.of(Strategy.VECTOR), StrategyChoice.weighted(0.5), StrategyChoice.of(Strategy.RRF),
                    StrategyChoice.of(Strategy.KEYWORD_FIRST), StrategyChoice.of(Strategy.VECTOR_FIRST)));
            AdaptivePolicy policy = AdaptivePolicy.defaults();
            // warm-up: caches, JIT, the HNSW graph in shared buffers
            for (int i = 0; i < Math.min(30, texts.size()); i++) {
                once(c, second, indexing, analyzer, classifier, model, policy, null, null, texts.get(i), limit);
                once(c, second, indexing, analyzer, classifier, model, policy, null, fusion, texts.get(i), limit);
            }
            out.println();
            out.println("| strategy | p50 ms | p95 ms | p99 ms | of which SQL p50 | SQL p95 | signals + fusion model p50 | p95 |");
            out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            List<StrategyChoice> rows = new ArrayList<>(strategies);
            rows.add(null); // adaptive by type, then learned
            for (int row = 0; row <= rows.size(); row++) {
                StrategyChoice s = row < rows.size() ? rows.get(row) : null;
                FusionArtifact learned = row == rows.size() ? fusion : null;
                if (row == rows.size() && fusion == null) {
                    break;
                }
                double[] total = new double[texts.size()];
                double[] sql = new double[texts.size()];
                double[] fused = new double[texts.size()];
                for (int i = 0; i < texts.size(); i++) {
                    double[] r = once(c, second, indexing, analyzer, classifier, model, policy, s, learned, texts.get(i), limit);
                    total[i] = r[0];
                    sql[i] = r[1];
                    fused[i] = r[2];
                }
                String name = learned != null ? "learned (fusion " + fusion.version() + ")" : s == null ? "adaptive by type" : s.toString();
                out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |%n", name,
                        pct(total, 50), pct(total, 95), pct(total, 99), pct(sql, 50), pct(sql, 95),
                        learned == null ? "" : String.format(Locale.ROOT, "%.3f", pct(fused, 50)),
                        learned == null ? "" : String.format(Locale.ROOT, "%.3f", pct(fused, 95)));
            }
        }
    }

    /**
     * One search end to end, as the service runs it; returns {total ms, SQL ms, signals + fusion model ms}. With
     * {@code learned}, the learned fusion ranks (both lists at the candidate depth, the per-query signals, the model).
     */
    private static double[] once(Connection c, Connection second, TextIndexing indexing, QueryAnalyzer analyzer, QueryClassifier classifier,
            LanguageEmbedder model, AdaptivePolicy policy, StrategyChoice fixed, FusionArtifact learned, String query,
            int limit) throws SQLException {
        long t0 = System.nanoTime();
        QueryAnalysis a = analyzer.analyze(query);
        if (learned != null) {
            Prediction p = classifier.classify(a);
            Embedded v = model.embedQuery(query, a.language());
            TextIndexing.TsInput text = indexing.query(a.language(), query);
            long t1 = System.nanoTime();
            CandidateLists cand = SearchSql.candidates(c, second, text, v, Filters.NONE, Math.max(limit, 100));
            long f0 = System.nanoTime();
            double[] signals = QuerySignals.compute(p.probabilities(), a.language(), QuerySignals.wordTokens(a), cand);
            List<Hit> hits = learned.fusion().rank(cand, signals, limit).hits();
            long f1 = System.nanoTime();
            SearchSql.rows(c, hits.stream().map(Hit::id).toList());
            long t2 = System.nanoTime();
            return new double[] {(t2 - t0) / 1e6, (t2 - t1 - (f1 - f0)) / 1e6, (f1 - f0) / 1e6};
        }
        StrategyChoice s = fixed != null ? fixed : policy.choose(classifier.classify(a).type());
        Embedded v = s.strategy() == Strategy.KEYWORD ? null : model.embedQuery(query, a.language());
        TextIndexing.TsInput text = s.strategy() == Strategy.VECTOR ? null : indexing.query(a.language(), query);
        long t1 = System.nanoTime();
        int depth = s.strategy() == Strategy.KEYWORD || s.strategy() == Strategy.VECTOR ? limit : Math.max(limit, 100);
        CandidateLists cand = SearchSql.candidates(c, second, text, v, Filters.NONE, depth);
        List<Hit> hits = Fusion.rank(cand, s, limit);
        SearchSql.rows(c, hits.stream().map(Hit::id).toList());
        long t2 = System.nanoTime();
        return new double[] {(t2 - t0) / 1e6, (t2 - t1) / 1e6, 0};
    }

    static float[] jitter(float[] v, double sigma, SplittableRandom rnd) {
        float[] out = new float[v.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] + sigma * gaussian(rnd));
            norm += out[i] * out[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) norm;
        }
        return out;
    }

    private static double gaussian(SplittableRandom rnd) { // Box-Muller
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    static double pct(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }
}
