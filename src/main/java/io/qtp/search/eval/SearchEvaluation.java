package io.qtp.search.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;
import io.qtp.cli.SeedOption;
import io.qtp.cli.Tool;
import io.qtp.cli.ToolSettings;
import io.qtp.cli.VersionOption;
import io.qtp.search.AdaptivePolicy;
import io.qtp.search.CandidateLists;
import io.qtp.search.Embedded;
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
import io.qtp.search.fusion.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evaluate-search}, {@code fit-weights} and {@code fit-fusion} on BEIR-format directories.
 *
 * <p>Each corpus is loaded into its own schema, by default {@code qtp_search_eval_<directory name>}, never the
 * service's tables; it is reused only when the checksum of its {@code corpus.jsonl}, the indexing version and the
 * embedding provider are those of the last load (table {@code eval_corpus}), and the tool says so. For each query
 * (and, unless {@code --variants false}, its keyword and hybrid variants, {@link QueryVariants}) the type is
 * predicted with the bundled model, the query embedded, and the candidates fetched once at depth 100
 * ({@link SearchSql}) with the query's {@link Signal}s; every strategy is then ranked from them by {@link Fusion},
 * exactly as the service ranks. The runs are cached ({@link RunCache}), so that the three commands over the same
 * split fetch them once.
 */
public final class SearchEvaluation {

    static final int DEPTH = 100;

    /**
     * Bumped whenever the indexing of documents changes (TextIndexing, the full-text configuration, the document
     * text given to the embedding model): a corpus loaded by other code is then reloaded.
     */
    static final String INDEXING_VERSION = "2";

    /**
     * Every fixed choice: the weighted strategy with the vector weight 0.0, 0.1, ..., 1.0, then rrf, keyword,
     * vector, keyword-first and vector-first. fit-weights chooses from it, and the report shows every point, so that
     * "best fixed" is the best single choice anyone could have fitted.
     */
    static final List<StrategyChoice> GRID;
    static final int GRID_SIZE = 16;

    static {
        List<StrategyChoice> g = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            g.add(StrategyChoice.weighted(i / 10.0));
        }
        for (Strategy s : List.of(Strategy.RRF, Strategy.KEYWORD, Strategy.VECTOR, Strategy.KEYWORD_FIRST,
                Strategy.VECTOR_FIRST)) {
            g.add(StrategyChoice.of(s));
        }
        GRID = List.copyOf(g);
        if (GRID.size() != GRID_SIZE) {
            throw new IllegalStateException("GRID_SIZE is " + GRID_SIZE + ", the grid has " + GRID.size());
        }
    }

    static final List<String> VARIANTS = List.of("original", "keyword", "hybrid");

    /**
     * One evaluated query: text, derived from which original, the group it is cross-fitted by, its predicted type,
     * its judgements, candidates and signals.
     */
    record Run(String queryId, String group, String variant, String text, QueryType predicted,
            Map<String, Integer> qrels, CandidateLists candidates, double[] signals) {

        double ndcg(StrategyChoice c) {
            return ndcg(Fusion.rank(candidates, c, DEPTH));
        }

        double recall(StrategyChoice c) {
            return recall(Fusion.rank(candidates, c, DEPTH));
        }

        double ndcg(List<Hit> ranked) {
            return RankingMetrics.ndcg(ids(ranked), qrels, 10);
        }

        double recall(List<Hit> ranked) {
            return RankingMetrics.recall(ids(ranked), qrels, 100);
        }
    }

    private SearchEvaluation() {
    }

    /** The options {@code evaluate-search}, {@code fit-weights} and {@code fit-fusion} share: which runs. */
    static final class RunOptions {

        @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
                description = "the qrels file qrels/<split>.tsv")
        String split;

        @Option(names = "--variants", arity = "0..1", fallbackValue = "true", defaultValue = "true",
                paramLabel = "true|false", description = "also run each query's keyword and hybrid variants (default true)"
                        + "")
        boolean variants;

        @Option(names = "--language", paramLabel = "en|ja",
                description = "the language of every document (default: detected per document)")
        Language language;

        @Option(names = "--max-queries", paramLabel = "N", showDefaultValue = Visibility.NEVER,
                description = "at most N queries (default all)")
        int maxQueries = Integer.MAX_VALUE;

        @Option(names = "--cache", paramLabel = "DIR|none",
                description = "the run cache (default: $TMPDIR/qtp-search-eval-cache)")
        String cache;

        @Mixin
        SchemaOptions store;

        /** The runs of {@code data} (split {@code split}), from the run cache or the database. */
        Prepared prepare(Path data, String split, ToolSettings settings, PrintStream out) throws IOException, SQLException {
            String name = data.toAbsolutePath().normalize().getFileName().toString().toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9_]", "_");
            return SearchEvaluation.prepare(data, split, variants, language, maxQueries,
                    store.open("qtp_search_eval_" + name), SearchTools.embeddingSettings(settings),
                    RunCache.at(cache == null ? RunCache.defaultDirectory().toString() : cache), out);
        }
    }

    /** The cross-fitting options of {@code evaluate-search} and {@code fit-fusion}. */
    static final class FitOptions {

        @Option(names = "--folds", defaultValue = "5", paramLabel = "K", description = "folds of the group k-fold")
        int folds;

        @Mixin
        SeedOption seed;

        @Option(names = "--trees", arity = "0..1", fallbackValue = "true", defaultValue = "true",
                paramLabel = "true|false", description = "also compare gradient-boosted trees (default true)")
        boolean trees;
    }

    /** The runs of one BEIR directory, for {@code evaluate-search} and {@code fit-weights}. */
    static final class SingleRuns {

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "a BEIR directory")
        Path data;

        @Option(names = "--dump", paramLabel = "FILE", description = "also write every run as TSV")
        Path dump;

        @Mixin
        RunOptions options;

        /** The runs of {@code --data}, also written to {@code --dump}. */
        List<Run> load(ToolSettings settings, PrintStream out) throws IOException, SQLException {
            List<Run> runs = options.prepare(data, options.split, settings, out).runs();
            if (dump != null) {
                dump(runs, dump);
            }
            return runs;
        }
    }

    @Command(name = "evaluate-search",
            description = "nDCG@10 / Recall@100 of every search strategy on a BEIR directory (docs/SEARCH.md).")
    public static final class EvaluateSearch extends Tool {

        @Mixin
        SingleRuns runs;

        @Option(names = "--weights", paramLabel = "FILE", description = "adds the row of this fit-weights file")
        Path weights;

        @Option(names = "--fusion", paramLabel = "FILE", description = "adds the row of this fit-fusion file")
        Path fusion;

        @Mixin
        FitOptions fit;

        @Override
        public Integer call() throws IOException, SQLException {
            List<Run> prepared = runs.load(settings, out);
            AdaptivePolicy file = weights == null ? null : AdaptivePolicy.read(weights);
            FusionArtifact model = fusion == null ? null : FusionArtifact.read(fusion);
            EvaluationReport.report(prepared, file, model, fit.folds, fit.seed.seed(), fit.trees, out);
            return 0;
        }
    }

    @Command(name = "fit-weights",
            description = "Learns the strategy and weights per query type from a BEIR split (docs/SEARCH.md).")
    public static final class FitWeights extends Tool {

        @Mixin
        SingleRuns runs;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the weights file to write")
        Path outFile;

        @Override
        public Integer call() throws IOException, SQLException {
            List<Run> prepared = runs.load(settings, out);
            AdaptivePolicy fitted = fitPolicy(prepared);
            fitted.write(outFile, "fit-weights on " + runs.data + " split " + runs.options.split
                    + (runs.options.variants ? " with variants" : "") + ", " + prepared.size()
                    + " queries, maximising mean nDCG@10 per predicted type; " + Instant.now());
            out.println("fit-weights: " + fitted + " -> " + outFile);
            printFit(prepared, out);
            return 0;
        }
    }

    @Command(name = "fit-fusion", description = {"Learns the per-query fusion model from BEIR splits (docs/SEARCH.md).",
            "Compares the linear model with and without signals and gradient-boosted trees by group k-fold, and"
                    + " writes the linear model."})
    public static final class FitFusionCommand extends Tool {

        @Option(names = "--data", required = true, paramLabel = "DIR[:SPLIT][,DIR[:SPLIT]...]",
                description = "BEIR directories, each with its split (default --split)")
        String data;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the fusion model to write")
        Path outFile;

        @Mixin
        VersionOption version;

        @Mixin
        RunOptions runs;

        @Mixin
        FitOptions fit;

        @Override
        public Integer call() throws IOException, SQLException {
            List<Prepared> sources = new ArrayList<>();
            for (String spec : data.split(",")) {
                String[] ds = spec.strip().split(":", 2);
                sources.add(runs.prepare(Path.of(ds[0]), ds.length > 1 ? ds[1] : runs.split, settings, out));
            }
            FitFusion.fit(sources, outFile, version.version(), fit.folds, fit.seed.seed(), fit.trees,
                    SearchTools.embeddingSettings(settings).describe(), out);
            return 0;
        }
    }

    /** The runs of one data directory and split, and a line that says where they came from. */
    record Prepared(List<Run> runs, String description, String checksum) {
    }

    static Prepared prepare(Path data, String split, boolean variants, Language language, int maxQueries,
            CliDatabase db, EmbeddingProviders.Settings embedding, RunCache cache, PrintStream out)
            throws IOException, SQLException {
        String corpusChecksum = sha256(Beir.corpusFile(data));
        String corpusKey = corpusChecksum + " indexing " + INDEXING_VERSION + " embedding " + embedding.describe();
        String key = String.join("\n", "runs-v1", corpusKey, sha256(data.resolve("queries.jsonl")),
                sha256(data.resolve("qrels").resolve(split + ".tsv")), split, Boolean.toString(variants),
                String.valueOf(language), Integer.toString(maxQueries), SearchTools.classifierIdentity(),
                Integer.toString(DEPTH), String.join(",", Signal.labels()), SearchSql.KEYWORD_RANKING);
        String description = data + " split " + split + (variants ? " (originals + variants)" : "");
        List<Run> cached = cache.read(key);
        if (cached != null) {
            out.printf("%d runs of %s read from the run cache %s%n", cached.size(), description, cache);
            return new Prepared(cached, description, sha256(key));
        }
        db.migrate();
        QueryAnalyzer analyzer = new QueryAnalyzer();
        TextIndexing indexing = new TextIndexing(analyzer);
        LanguageEmbedder model = EmbeddingProviders.create(embedding);
        var classifier = SearchTools.classifier();
        try (Connection c = db.connect()) {
            loadCorpus(data, corpusKey, language, c, indexing, model, db, out);
            Map<String, String> queries = Beir.queries(data);
            Map<String, String> groups = Beir.groups(data);
            Map<String, Map<String, Integer>> qrels = Beir.qrels(data, split);
            List<String[]> texts = new ArrayList<>(); // {query id, variant, text}
            for (String qid : qrels.keySet()) {
                if (texts.size() >= maxQueries * (variants ? 3 : 1)) {
                    break;
                }
                String q = queries.get(qid);
                if (q == null) {
                    continue;
                }
                texts.add(new String[] {qid, "original", q});
                if (variants) {
                    QueryAnalysis a = analyzer.analyze(q);
                    for (String[] v : List.of(new String[] {"keyword", QueryVariants.keyword(a)},
                            new String[] {"hybrid", QueryVariants.hybrid(a)})) {
                        if (!v[1].isBlank() && !v[1].equals(q)) {
                            texts.add(new String[] {qid, v[0], v[1]});
                        }
                    }
                }
            }
            out.printf("%d queries (%s); embedding them%n", texts.size(), description);
            List<QueryAnalysis> analyses = texts.stream().map(t -> analyzer.analyze(t[2])).toList();
            List<Embedded> vectors = model.embedQueries(texts.stream().map(t -> t[2]).toList(),
                    analyses.stream().map(QueryAnalysis::language).toList()); // as the service: by the query's language
            List<Run> runs = new ArrayList<>(texts.size());
            long start = System.nanoTime();
            for (int i = 0; i < texts.size(); i++) {
                String[] t = texts.get(i);
                QueryAnalysis a = analyses.get(i);
                Prediction prediction = classifier.classify(a);
                CandidateLists cand = SearchSql.candidates(c, indexing.query(a.language(), t[2]), vectors.get(i),
                        Filters.NONE, DEPTH);
                double[] signals = QuerySignals.compute(prediction.probabilities(), a.language(), QuerySignals.wordTokens(a), cand);
                runs.add(new Run(t[0], groups.getOrDefault(t[0], t[0]), t[1], t[2], prediction.type(),
                        qrels.get(t[0]), cand, signals));
            }
            out.printf("candidates fetched for %d queries in %.1f s%n", runs.size(), (System.nanoTime() - start) / 1e9);
            cache.write(key, runs, out);
            return new Prepared(runs, description, sha256(key));
        }
    }

    /**
     * Loads the corpus into the schema unless the schema already holds exactly this corpus, indexed by this code
     * with this embedding provider ({@code eval_corpus} records what was loaded); then analyses the table.
     */
    static void loadCorpus(Path data, String corpusKey, Language language, Connection c, TextIndexing indexing,
            LanguageEmbedder model, CliDatabase db, PrintStream out) throws IOException, SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS eval_corpus (corpus_key text NOT NULL, documents bigint NOT NULL,"
                    + " loaded_at timestamptz NOT NULL DEFAULT now())");
        }
        long expected = Beir.count(Beir.corpusFile(data));
        String loadedKey = null;
        Instant loadedAt = null;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT corpus_key, loaded_at FROM eval_corpus ORDER BY loaded_at DESC LIMIT 1")) {
            if (rs.next()) {
                loadedKey = rs.getString(1);
                loadedAt = rs.getTimestamp(2).toInstant();
            }
        }
        long have = count(c);
        if (corpusKey.equals(loadedKey) && have == expected) {
            out.printf("reusing the corpus loaded into %s at %s: %d documents, same corpus checksum, indexing version"
                    + " and embedding provider%n", db, loadedAt, have);
        } else {
            out.printf("loading %d documents into %s (%s)%n", expected, db, loadedKey == null ? "empty or unknown schema"
                    : "it holds another corpus, indexing version or embedding provider");
            try (Statement st = c.createStatement()) {
                st.execute("TRUNCATE documents");
                st.execute("DELETE FROM eval_corpus");
            }
            Ingest.ingest(data, c, indexing, model, language, 64, Integer.MAX_VALUE, out);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO eval_corpus (corpus_key, documents) VALUES (?, ?)")) {
                ps.setString(1, corpusKey);
                ps.setLong(2, count(c));
                ps.executeUpdate();
            }
        }
        try (Statement st = c.createStatement()) {
            // the statistics the keyword candidates are chosen by (CandidateTerms), as autovacuum would
            st.execute("ANALYZE documents");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        return FusionArtifact.sha256(text);
    }

    /** One line per run: ids, group, variant, predicted type, the signals, then nDCG@10 at every grid point. */
    static void dump(List<Run> runs, Path file) throws IOException {
        StringBuilder sb = new StringBuilder("query\tgroup\tvariant\tpredicted");
        Signal.labels().forEach(l -> sb.append('\t').append(l));
        GRID.forEach(g -> sb.append('\t').append(g));
        sb.append('\n');
        for (Run r : runs) {
            sb.append(r.queryId()).append('\t').append(r.group()).append('\t').append(r.variant()).append('\t')
                    .append(r.predicted().label());
            for (double v : r.signals()) {
                sb.append('\t').append(v);
            }
            for (StrategyChoice g : GRID) {
                sb.append('\t').append(r.ndcg(g));
            }
            sb.append('\n');
        }
        Files.writeString(file, sb);
    }

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM documents")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Per predicted type, a grid choice: the one best over all runs (the pooled choice), unless another choice beats it
     * on that type's runs with evidence, i.e. the paired nDCG@10 difference has a 95 % interval above 0
     * ({@link #credibleGain}). A type without runs gets the pooled choice; no runs at all, the SPEC defaults. Ties go
     * to the first choice in grid order.
     *
     * <p>Why not simply the best per type: the best of {@value #GRID_SIZE} choices on a few hundred queries often wins
     * by chance. On JSQuAD the semantic type's best on the fit half (0.1/0.9) won by a hair and lost on the report half
     * (-0.004 against keyword only, an interval below 0), while the pooled choice held.
     */
    static AdaptivePolicy fitPolicy(List<Run> runs) {
        if (runs.isEmpty()) {
            return AdaptivePolicy.defaults();
        }
        StrategyChoice pooled = best(runs);
        Map<QueryType, StrategyChoice> chosen = new EnumMap<>(QueryType.class);
        for (QueryType type : QueryType.values()) {
            List<Run> of = runs.stream().filter(r -> r.predicted() == type).toList();
            StrategyChoice own = of.isEmpty() ? pooled : best(of);
            chosen.put(type, own.equals(pooled) || !credibleGain(of, own, pooled) ? pooled : own);
        }
        return new AdaptivePolicy(chosen);
    }

    /** The grid choice with the best mean nDCG@10 over the runs (ties: the first in grid order). */
    static StrategyChoice best(List<Run> runs) {
        StrategyChoice choice = GRID.get(0);
        double bestScore = -1;
        for (StrategyChoice g : GRID) {
            double s = runs.stream().mapToDouble(r -> r.ndcg(g)).sum();
            if (s > bestScore + 1e-12) {
                bestScore = s;
                choice = g;
            }
        }
        return choice;
    }

    /** True when {@code a} beats {@code b} on these runs: mean paired nDCG@10 difference - 1.96 standard errors > 0. */
    static boolean credibleGain(List<Run> runs, StrategyChoice a, StrategyChoice b) {
        int n = runs.size();
        if (n < 2) {
            return false;
        }
        double[] d = runs.stream().mapToDouble(r -> r.ndcg(a) - r.ndcg(b)).toArray();
        double mean = Arrays.stream(d).average().orElse(0);
        double var = Arrays.stream(d).map(x -> (x - mean) * (x - mean)).sum() / (n - 1);
        return mean - 1.96 * Math.sqrt(var / n) > 0;
    }

    private static void printFit(List<Run> runs, PrintStream out) {
        for (QueryType type : QueryType.values()) {
            List<Run> of = runs.stream().filter(r -> r.predicted() == type).toList();
            out.printf("  predicted %-8s %4d queries:", type.label(), of.size());
            for (StrategyChoice g : GRID) {
                out.printf(Locale.ROOT, " %s=%.4f", g, of.stream().mapToDouble(r -> r.ndcg(g)).average().orElse(0));
            }
            out.println();
        }
    }

    static List<String> ids(List<Hit> hits) {
        return hits.stream().map(Hit::id).toList();
    }
}
