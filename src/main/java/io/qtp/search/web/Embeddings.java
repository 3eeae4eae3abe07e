package io.qtp.search.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.qtp.analysis.Language;
import io.qtp.search.Embedded;
import io.qtp.http.ApiException;
import io.qtp.http.ErrorType;
import io.qtp.config.AppConfig;
import io.qtp.search.DimensionCheck;
import io.qtp.search.EmbeddingSpaces;
import io.qtp.search.DocumentStore;
import io.qtp.store.Database;
import io.qtp.search.embedding.EmbeddingProviders;
import io.qtp.search.embedding.LanguageEmbedder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The service's embedding provider, loaded in the background at start (the in-process model takes about a second,
 * more under load) so that start-up is not delayed. Until it is loaded, a search that needs vectors answers 503
 * ("still loading; retry") and a keyword-only search works; a document write waits for it (bounded).
 *
 * <p>The provider's dimensions are compared with {@code documents.embedding} (and, for the bilingual providers'
 * Japanese model, {@code documents.embedding_ja}), and its models' names with the models recorded for those columns
 * ({@link EmbeddingSpaces}), on the first database use; a mismatch is logged as an error and every search and write
 * that needs vectors answers 503 with the reason. The models are compared again every
 * {@code qtp.search.embedding-spaces-recheck} (10 s): the service refuses vector search once {@code reembed} has put
 * another model's vectors in a column, and serves again once the provider and the record agree; a dimension mismatch
 * needs a migration and a restart.
 */
@ApplicationScoped
public class Embeddings {

    private static final Logger LOG = Logger.getLogger(Embeddings.class);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(60);

    private final EmbeddingProviders.Settings settings;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile LanguageEmbedder model;
    private volatile int dimension;
    private volatile int japaneseDimension;
    private volatile String failure;
    private volatile SpaceState state;
    private volatile long checkedAt;
    private final Duration recheck;

    private final Database database;

    public Embeddings(AppConfig config, Database database) {
        this.database = database;
        AppConfig.Search s = config.search();
        this.recheck = s.embeddingSpacesRecheck();
        this.settings = new EmbeddingProviders.Settings(s.embeddingsProvider(), s.embeddingsBaseUrl().orElse(null),
                s.embeddingsModel().orElse(null), s.embeddingsApiKey().orElse(null),
                s.embeddingsDimensions().orElse(null), Duration.ofSeconds(30));
    }

    /** Loads the provider in the background, only when there is a document store to search (else nothing needs it). */
    void onStart(@Observes StartupEvent event) {
        if (database.configured()) {
            Thread.ofVirtual().name("qtp-embeddings-load").start(this::load);
        } else {
            loaded.countDown();
        }
    }

    /**
     * Loads the provider; when that fails (an OpenAI-compatible endpoint down at start, say) it tries again with a
     * growing pause, so that the service recovers by itself once the provider answers.
     */
    private void load() {
        Duration pause = Duration.ofSeconds(2);
        while (true) {
            long t = System.nanoTime();
            try {
                LanguageEmbedder m = EmbeddingProviders.create(settings);
                dimension = m.dimension();
                japaneseDimension = m.japaneseDimension();
                model = m;
                failure = null;
                LOG.infof("embedding provider %s loaded in %d ms (%d dimensions%s)", settings.describe(),
                        (System.nanoTime() - t) / 1_000_000, dimension,
                        japaneseDimension > 0 ? ", Japanese " + japaneseDimension : "");
                checkAtStart();
                return;
            } catch (RuntimeException | LinkageError e) { // LinkageError: a native library (ONNX Runtime) did not load
                // the client is told that it failed; the log has why
                failure = "embedding provider " + settings.describe() + " is not available (it failed to load and is"
                        + " tried again every " + pause.toSeconds() + " s or so); retry later";
                LOG.errorf(e, "embedding provider %s failed to load; trying again in %d s", settings.describe(),
                        pause.toSeconds());
            } finally {
                loaded.countDown();
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            pause = pause.multipliedBy(2).compareTo(MAX_RETRY_PAUSE) > 0 ? MAX_RETRY_PAUSE : pause.multipliedBy(2);
        }
    }

    /**
     * One text's embedding, by the model of its language; 503 when the provider is not loaded or fails (an HTTP
     * provider down, say).
     */
    public Embedded embed(String text, Language language) {
        LanguageEmbedder m = now();
        try {
            return m.embedQuery(text, language);
        } catch (RuntimeException e) {
            throw providerFailed(e);
        }
    }

    /**
     * The embeddings of several documents (each by the model of its language), waiting at most {@code wait} for the
     * provider to load; 503 as {@link #embed}.
     */
    public java.util.List<Embedded> embedDocuments(java.util.List<String> texts, java.util.List<Language> languages,
            Duration wait) {
        LanguageEmbedder m = await(wait);
        try {
            return m.embedDocuments(texts, languages);
        } catch (RuntimeException e) {
            throw providerFailed(e);
        }
    }

    private ApiException providerFailed(RuntimeException e) {
        LOG.warnf("embedding provider %s failed: %s", settings.describe(), e.getMessage());
        return new ApiException(ErrorType.SERVICE_UNAVAILABLE,
                "the embedding provider did not answer (" + settings.describe() + "); retry later");
    }

    /** Says at start when the provider does not fit the table (when the database answers then; else on first use). */
    private void checkAtStart() {
        if (!database.configured()) {
            return;
        }
        try (Connection c = database.connection()) {
            checkSpaces(c);
            LanguageEmbedder m = model;
            DocumentStore.countOutsideTheirSpace(c, m::space).forEach((language, n) -> LOG.warnf(
                    "%d %s documents have no vector in the space %s embeds them into (stored before migration V8 or"
                            + " by another provider): vector search does not see them, keyword search does; run"
                            + " `java -jar query-type-predictor.jar reembed` to embed them again", n, language.code(),
                    settings.describe()));
        } catch (SQLException e) {
            LOG.debugf("embedding dimension not checked at start: %s", e.getMessage());
        } catch (ApiException e) {
            // logged by checkSpaces
        }
    }

    public String describe() {
        return settings.describe();
    }

    /** The configured provider's settings. */
    public EmbeddingProviders.Settings settings() {
        return settings;
    }

    /** True once the provider is usable. */
    public boolean ready() {
        return model != null;
    }

    /** The provider, or 503 while it loads (or when it failed). */
    public LanguageEmbedder now() {
        LanguageEmbedder m = model;
        if (m == null) {
            throw unavailable();
        }
        return m;
    }

    /** The provider, waiting for it to load at most {@code wait}; 503 after that. */
    public LanguageEmbedder await(Duration wait) {
        try {
            loaded.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return now();
    }

    private ApiException unavailable() {
        return new ApiException(ErrorType.SERVICE_UNAVAILABLE, failure != null ? failure
                : "the embedding model is still loading; retry in a few seconds (keyword search works meanwhile)");
    }

    /** What the last check found: a dimension mismatch (for every space), or model mismatches space by space. */
    private record SpaceState(String dimensionError, Map<Embedded.Space, String> modelErrors) {

        Optional<String> error(Collection<Embedded.Space> spaces) {
            if (dimensionError != null) {
                return Optional.of(dimensionError);
            }
            return spaces.stream().map(modelErrors::get).filter(Objects::nonNull).findFirst();
        }
    }

    /** {@link #checkSpaces(Connection, Collection)} for every space of the provider. */
    public void checkSpaces(Connection c) throws SQLException {
        checkSpaces(c, now().spaces());
    }

    /**
     * Checks that the provider's dimensions fit the columns (once) and that its models are the ones recorded for the
     * columns of {@code spaces} (again every {@code recheck}); 503 with the reason when they do not. A space whose
     * vectors are another model's refuses only the searches and writes that need it: after a change of the English
     * model, Japanese vector search still serves.
     */
    public void checkSpaces(Connection c, Collection<Embedded.Space> spaces) throws SQLException {
        SpaceState before = state;
        SpaceState now = before;
        if (before == null || before.dimensionError() == null && System.nanoTime() - checkedAt > recheck.toNanos()) {
            checkedAt = System.nanoTime();
            LanguageEmbedder m = now();
            Optional<String> dimensions = DimensionCheck.check(c, settings.describe(), dimension, japaneseDimension);
            Map<Embedded.Space, String> models = Map.of();
            if (dimensions.isEmpty()) {
                EmbeddingSpaces.Check check = EmbeddingSpaces.check(c, m);
                check.adopted().forEach(LOG::info);
                models = check.mismatches();
            }
            now = new SpaceState(dimensions.orElse(null), models);
            logChanges(before, now);
            state = now;
        }
        Optional<String> error = now.error(spaces);
        if (error.isPresent()) {
            throw new ApiException(ErrorType.SERVICE_UNAVAILABLE, error.get());
        }
    }

    /** Logs each mismatch when it appears (error) and each space that agrees again (info). */
    private void logChanges(SpaceState before, SpaceState now) {
        if (now.dimensionError() != null) {
            LOG.error(now.dimensionError());
            return;
        }
        Map<Embedded.Space, String> was = before == null ? Map.of() : before.modelErrors();
        now.modelErrors().forEach((space, message) -> {
            if (!message.equals(was.get(space))) {
                LOG.error(message);
            }
        });
        was.keySet().stream().filter(space -> !now.modelErrors().containsKey(space)).forEach(space -> LOG.infof(
                "documents.%s agrees with provider %s again: vector search serves it", space.column(),
                settings.describe()));
    }
}
