package io.qtp.search.web;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.analysis.QueryAnalyzer;
import io.qtp.http.ApiException;
import io.qtp.http.ErrorType;
import io.qtp.http.QueryInput;
import io.qtp.config.AppConfig;
import io.qtp.prediction.PredictionResult;
import io.qtp.prediction.PredictionService;
import io.qtp.search.AdaptivePolicy;
import io.qtp.search.CandidateLists;
import io.qtp.search.DocumentStore;
import io.qtp.search.Embedded;
import io.qtp.search.Filters;
import io.qtp.search.Fusion;
import io.qtp.search.Hit;
import io.qtp.search.SearchSql;
import io.qtp.search.Strategy;
import io.qtp.search.StrategyChoice;
import io.qtp.search.TextIndexing;
import io.qtp.search.fusion.DocumentFeatures;
import io.qtp.search.fusion.FusionArtifact;
import io.qtp.search.fusion.LinearFusion;
import io.qtp.search.fusion.QuerySignals;
import io.qtp.store.Database;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Adaptive search: predict the query's type (through {@link PredictionService#serveUnobserved}: the prediction cache
 * and degradation as for {@code POST /api/predict-query-type}), embed the query, run the parameterised SQL for both candidate lists,
 * then rank them with the learned per-query fusion ({@link LinearFusion}: weights computed from this query's signals)
 * when a fusion model is loaded, else with the strategy and weights {@link AdaptivePolicy} gives the predicted type
 * ({@link Fusion}). Blocking (JDBC, the embedding model): call it from a virtual thread.
 */
@ApplicationScoped
public class SearchService {

    private static final Logger LOG = Logger.getLogger(SearchService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_LIMIT = 100;
    /** The instants a client may give: PostgreSQL's timestamptz holds more, ISO-8601 without a sign no more. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final Database database;
    private final PredictionService predictions;
    private final Embeddings embeddings;
    private final TextIndexing indexing;
    private final DocumentStore store;
    private final AdaptivePolicy policy;
    /** The learned fusion, or null: then the type policy serves every search. */
    private final FusionArtifact fusion;
    private final QueryAnalyzer analyzer;
    private final int candidates;
    /**
     * Searches that may hold a second pooled connection for the vector query (half the pool). Only these wait for a
     * connection while holding one, and they are fewer than the pool, so a search can always finish.
     */
    private final Semaphore parallel;
    /** Metrics and the query-log row of every answered search. */
    private final SearchTelemetry telemetry;

    public SearchService(Database database, PredictionService predictions, Embeddings embeddings,
            QueryAnalyzer analyzer, AppConfig config, SearchTelemetry telemetry) {
        this.telemetry = telemetry;
        this.database = database;
        this.predictions = predictions;
        this.embeddings = embeddings;
        this.indexing = new TextIndexing(analyzer);
        this.store = new DocumentStore(indexing);
        this.candidates = config.search().candidates();
        this.parallel = new Semaphore(database.poolSize() / 2);
        this.policy = config.search().weightsFile().map(SearchService::readPolicy).orElseGet(AdaptivePolicy::defaults);
        this.analyzer = analyzer;
        this.fusion = FusionModels.load(config.search().fusionModel(), embeddings.settings());
        LOG.infof("adaptive search: %s; type policy (fallback): %s", fusion == null ? "no learned fusion"
                : "learned fusion " + fusion.version(), policy);
    }

    /** The learned fusion model in use, if any. */
    public java.util.Optional<FusionArtifact> fusion() {
        return java.util.Optional.ofNullable(fusion);
    }

    private static AdaptivePolicy readPolicy(java.nio.file.Path file) {
        try {
            return AdaptivePolicy.read(file);
        } catch (IOException e) {
            throw new IllegalStateException("SEARCH_WEIGHTS_FILE cannot be read: " + e.getMessage(), e);
        }
    }

    public TextIndexing indexing() {
        return indexing;
    }

    /** One search result. */
    public record Result(String id, String title, String content, JsonNode metadata, String language,
            String createdAt, double score, Double keywordScore, Double vectorScore) {
    }

    /** The answer of {@code POST /api/search}. */
    public record Response(String query, String queryType, String language, String modelVersion, String strategy,
            Map<String, Double> weights,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Learned fusion, List<Result> results, Map<String, Double> timings,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(format = "uuid",
                    description = "Identifies this search (its query_logs row): send it with feedback (POST /api/feedback)"
                            + " on a clicked result or the type")
            String queryId) {
    }

    /**
     * The fusion model that decided the search, and this query's weight of each document feature when the learned
     * fusion ranked it (absent when the model names a fixed choice for the query's language; docs/SEARCH.md).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Learned(String model, Map<String, Double> featureWeights) {
    }

    public Response search(SearchRequest r) {
        if (r == null) {
            throw ApiException.validation("request body is required: {\"query\": \"...\", \"limit\": 10, \"filters\": {}}");
        }
        String query = QueryInput.cleanQuery(r.query(), "query");
        int limit = r.limit() == null ? 10 : r.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.validation("limit must be between 1 and " + MAX_LIMIT);
        }
        Filters filters = filters(r.filters());
        StrategyChoice forced = forced(r);
        boolean asked = askedLearned(r);
        boolean fused = asked || (forced == null && fusion != null);
        requireDatabase();

        long t0 = System.nanoTime();
        // The same prediction path as HTTP (admission, degradation, cache); the observers are not told, because this
        // search logs its own, fuller row under the prediction's queryId (telemetry.searched). Bounded: the cache's
        // Redis look-up times out, and the rest is CPU.
        PredictionResult p = predictions.serveUnobserved(query, null).await().indefinitely();
        long t1 = System.nanoTime();
        // the fusion model may name a fixed choice for this language (no credible gain there in cross-validation)
        StrategyChoice choice = asked ? null : fused ? fusion.fixedFor(p.language()).orElse(null)
                : forced != null ? forced : policy.choose(p.prediction().type());
        boolean learned = choice == null;
        Embedded vector = null;
        if (learned || choice.strategy() != Strategy.KEYWORD) {
            vector = embeddings.embed(query, p.language());
        }
        long t2 = System.nanoTime();
        TextIndexing.TsInput text = !learned && choice.strategy() == Strategy.VECTOR ? null
                : indexing.query(p.language(), query);
        List<Hit> hits;
        CandidateLists c;
        List<SearchSql.Row> rows;
        LinearFusion.Ranked ranked = null;
        long fusionNanos = 0;
        boolean both = text != null && vector != null;
        boolean permit = both && parallel.tryAcquire();
        try (Connection conn = database.connection(); Connection second = permit ? database.connection() : null) {
            if (vector != null) {
                embeddings.checkSpaces(conn, java.util.List.of(vector.space()));
            }
            int depth = learned ? Math.max(limit, candidates) : switch (choice.strategy()) {
                case KEYWORD, VECTOR -> limit;
                default -> Math.max(limit, candidates);
            };
            c = SearchSql.candidates(conn, second, text, vector, filters, depth); // second null: one after the other
            if (learned) {
                long f0 = System.nanoTime();
                double[] signals = QuerySignals.compute(p.prediction().probabilities(), p.language(),
                        QuerySignals.wordTokens(analyzer.analyze(query)), c);
                ranked = fusion.fusion().rank(c, signals, limit);
                hits = ranked.hits();
                fusionNanos = System.nanoTime() - f0;
            } else {
                hits = Fusion.rank(c, choice, limit);
            }
            rows = SearchSql.rows(conn, hits.stream().map(Hit::id).toList());
        } catch (SQLException e) {
            throw databaseError(e, "search is unavailable: the database did not answer; retry later");
        } finally {
            if (permit) {
                parallel.release();
            }
        }
        long t3 = System.nanoTime();

        Map<String, Double> scoreById = new LinkedHashMap<>();
        hits.forEach(h -> scoreById.put(h.id(), h.score()));
        List<Result> results = new ArrayList<>(rows.size());
        for (SearchSql.Row row : rows) {
            double[] s = c.scores().get(row.id());
            results.add(new Result(row.id(), row.title(), row.content(), json(row.metadataJson()), row.language(),
                    row.createdAt() == null ? null : row.createdAt().toInstant().toString(), scoreById.get(row.id()),
                    s == null || text == null ? null : s[0], s == null || vector == null ? null : s[1]));
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        Learned used = fused ? new Learned(fusion.version(), null) : null;
        if (learned) {
            double v = Math.round(ranked.vectorShare() * 1e4) / 1e4;
            weights.put("vector", v);
            weights.put("keyword", Math.round((1 - v) * 1e4) / 1e4);
            Map<String, Double> fw = new LinkedHashMap<>();
            for (DocumentFeatures.Feature f : DocumentFeatures.Feature.values()) {
                fw.put(f.label(), Math.round(ranked.featureWeights()[f.ordinal()] * 1e4) / 1e4);
            }
            used = new Learned(fusion.version(), fw);
        } else {
            weights.put("vector", choice.vectorWeight());
            weights.put("keyword", choice.keywordWeight());
        }
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("predictMs", ms(t1 - t0));
        timings.put("embedMs", ms(t2 - t1));
        timings.put("sqlMs", ms(t3 - t2 - fusionNanos));
        if (learned) {
            timings.put("fusionMs", ms(fusionNanos));
        }
        timings.put("totalMs", ms(t3 - t0));
        Response response = new Response(query, p.prediction().type().label(), p.language().code(),
                p.prediction().modelVersion(), learned ? LEARNED : choice.strategy().label(), weights, used, results,
                timings, p.queryId().toString());
        telemetry.searched(p, response.strategy(), weights, results.stream().map(Result::id).toList(), timings);
        return response;
    }

    /** The type policy (type -> strategy and weights) that ranks a search when no learned fusion does. */
    public AdaptivePolicy policy() {
        return policy;
    }

    /** The strategy name of a search ranked by the learned fusion. */
    public static final String LEARNED = "learned";

    /** True when the request asks for {@code "strategy": "learned"} (a 400 when no fusion model is loaded). */
    private boolean askedLearned(SearchRequest r) {
        if (r.strategy() != null && LEARNED.equals(r.strategy().strip().toLowerCase(java.util.Locale.ROOT))) {
            if (fusion == null) {
                throw ApiException.validation("strategy learned needs a fusion model (SEARCH_FUSION_MODEL); none is loaded");
            }
            return true;
        }
        return false;
    }

    private void requireDatabase() {
        if (!database.configured()) {
            throw new ApiException(ErrorType.SERVICE_UNAVAILABLE, "search needs the document store: " + Database.NOT_CONFIGURED);
        }
    }

    /** Stores documents (upsert by id); returns their ids. */
    public List<String> store(List<io.qtp.search.Document> docs) {
        requireDatabase();
        List<Embedded> vectors = embeddings.embedDocuments(docs.stream().map(io.qtp.search.Document::embeddingText).toList(),
                docs.stream().map(io.qtp.search.Document::language).toList(), java.time.Duration.ofSeconds(60));
        try (Connection conn = database.connection()) {
            embeddings.checkSpaces(conn, vectors.stream().map(Embedded::space).distinct().toList());
            store.upsert(conn, docs, vectors);
        } catch (io.qtp.search.EmbeddingSpaces.MismatchException e) {
            // another service, with another provider, wrote the space since this one checked it: nothing stored
            throw new ApiException(ErrorType.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (SQLException e) {
            throw databaseError(e, "documents could not be stored: the database is unavailable; retry later");
        }
        return docs.stream().map(io.qtp.search.Document::id).toList();
    }

    /**
     * A database error as the client should see it: PostgreSQL's data exceptions (SQLSTATE class 22, e.g. a value
     * out of range) and constraint violations (class 23) come from what the client sent, so they are 400s; anything
     * else (connection refused, timeouts) is the database's trouble: 503, retry later.
     */
    static ApiException databaseError(SQLException e, String unavailable) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            LOG.infof("rejected by the database (SQLSTATE %s): %s", state, e.getMessage());
            return ApiException.validation("the database rejected a value: " + firstLine(e.getMessage()));
        }
        LOG.warnf("database error (SQLSTATE %s): %s", state, e.getMessage());
        return new ApiException(ErrorType.SERVICE_UNAVAILABLE, unavailable);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid value";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            return null;
        }
    }

    static StrategyChoice forced(SearchRequest r) {
        if (r.strategy() == null) {
            if (r.vectorWeight() != null) {
                throw ApiException.validation("vectorWeight needs strategy: weighted");
            }
            return null;
        }
        if (LEARNED.equals(r.strategy().strip().toLowerCase(java.util.Locale.ROOT))) {
            if (r.vectorWeight() != null) {
                throw ApiException.validation("vectorWeight applies only to strategy weighted");
            }
            return null; // see learned()
        }
        Strategy s;
        try {
            s = Strategy.fromLabel(r.strategy());
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("strategy must be learned, keyword, vector, weighted, rrf, keyword-first or vector-first");
        }
        if (r.vectorWeight() != null) {
            if (s != Strategy.WEIGHTED) {
                throw ApiException.validation("vectorWeight applies only to strategy weighted");
            }
            double w = r.vectorWeight();
            if (!(w >= 0 && w <= 1)) {
                throw ApiException.validation("vectorWeight must be between 0 and 1");
            }
            return StrategyChoice.weighted(w);
        }
        return StrategyChoice.of(s);
    }

    static Filters filters(JsonNode f) {
        if (f == null || f.isNull()) {
            return Filters.NONE;
        }
        if (!f.isObject()) {
            throw ApiException.validation("filters must be an object: {\"metadata\": {...}, \"language\": \"en\", "
                    + "\"createdAfter\": \"2024-01-01T00:00:00Z\", \"createdBefore\": \"...\"}");
        }
        for (Iterator<String> it = f.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!List.of("metadata", "language", "createdAfter", "createdBefore").contains(name)) {
                throw ApiException.validation("unknown filter '" + name + "' (metadata, language, createdAfter, createdBefore)");
            }
        }
        JsonNode m = f.get("metadata");
        if (m != null && !m.isNull() && !m.isObject()) {
            throw ApiException.validation("filters.metadata must be a JSON object");
        }
        rejectNul(m, "filters.metadata");
        String language = null;
        JsonNode l = f.get("language");
        if (l != null && !l.isNull()) {
            language = languageCode(l, "filters.language");
        }
        return new Filters(m == null || m.isNull() ? null : m.toString(), language,
                instant(f.get("createdAfter"), "filters.createdAfter"), instant(f.get("createdBefore"), "filters.createdBefore"));
    }

    /**
     * PostgreSQL stores no U+0000 in text or jsonb; refuse it in any name or string of a JSON value (400, rather
     * than the database's error later). A lone surrogate (JSON {@code "\ud800"}) cannot be encoded either: 400 too.
     */
    static void rejectNul(JsonNode n, String field) {
        if (n == null) {
            return;
        }
        if (n.isTextual()) {
            if (n.textValue().indexOf('\u0000') >= 0) {
                throw ApiException.validation(field + " must not contain U+0000");
            }
            QueryInput.rejectLoneSurrogates(n.textValue(), field);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().indexOf('\u0000') >= 0) {
                throw ApiException.validation(field + " must not contain U+0000");
            }
            QueryInput.rejectLoneSurrogates(e.getKey(), field);
            rejectNul(e.getValue(), field);
        }
        if (n.isArray()) {
            n.forEach(x -> rejectNul(x, field));
        }
    }

    static String languageCode(JsonNode l, String field) {
        if (!l.isTextual() || !(l.asText().equals("en") || l.asText().equals("ja"))) {
            throw ApiException.validation(field + " must be \"en\" or \"ja\"");
        }
        return l.asText();
    }

    static Instant instant(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.validation(field + " must be an ISO-8601 instant, e.g. 2024-01-31T00:00:00Z");
        }
        Instant t;
        try {
            t = Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            throw ApiException.validation(field + " must be an ISO-8601 instant, e.g. 2024-01-31T00:00:00Z");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ApiException.validation(field + " must be between years 0001 and 9999");
        }
        return t;
    }
}
