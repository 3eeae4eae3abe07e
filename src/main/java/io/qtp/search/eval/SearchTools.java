package io.qtp.search.eval;

import java.time.Duration;

import io.qtp.classify.QueryClassifier;
import io.qtp.classify.RuleBasedScorer;
import io.qtp.classify.trained.InvalidModelException;
import io.qtp.classify.trained.ModelBundle;
import io.qtp.cli.ToolSettings;
import io.qtp.search.embedding.EmbeddingProviders;

/** What the search command-line tools share with the service without starting it. */
final class SearchTools {

    private SearchTools() {
    }

    /**
     * A fusion model for the tools: {@code bundled} (the jar's), {@code none} (null), or a file.
     *
     * @throws IllegalArgumentException when it cannot be read
     */
    static io.qtp.search.fusion.FusionArtifact fusion(String setting) {
        try {
            if ("none".equals(setting)) {
                return null;
            }
            if ("bundled".equals(setting)) {
                try (java.io.InputStream in = SearchTools.class.getClassLoader().getResourceAsStream("search/fusion-model.json")) {
                    if (in == null) {
                        throw new java.io.IOException("no bundled fusion model in the jar");
                    }
                    return io.qtp.search.fusion.FusionArtifact.read(in, "bundled");
                }
            }
            return io.qtp.search.fusion.FusionArtifact.read(java.nio.file.Path.of(setting));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("fusion model: " + e.getMessage(), e);
        }
    }

    /** The service's embedding settings ({@code qtp.search.embeddings-*}), from the same environment variables. */
    static EmbeddingProviders.Settings embeddingSettings(ToolSettings settings) {
        String provider = settings.variable("EMBEDDINGS_PROVIDER");
        String dims = settings.variable("EMBEDDINGS_DIMENSIONS");
        return new EmbeddingProviders.Settings(provider == null || provider.isBlank() ? EmbeddingProviders.BILINGUAL : provider,
                settings.variable("EMBEDDINGS_BASE_URL"), settings.variable("EMBEDDINGS_MODEL"),
                settings.variable("EMBEDDINGS_API_KEY"), dims == null || dims.isBlank() ? null : Integer.valueOf(dims.strip()),
                Duration.ofSeconds(60));
    }

    /**
     * The query-type classifier the service serves by default: the model bundled in the jar (the service's
     * PredictionService uses the same through ModelRegistry), the rule-based scorer when it cannot load.
     */
    static QueryClassifier classifier() {
        return CLASSIFIER;
    }

    /** Set by {@link #loadClassifier} (declared first: static initialisers run in order). */
    private static String identity = "rules";
    private static final QueryClassifier CLASSIFIER = loadClassifier();

    /** What classifies the evaluation's queries: the bundled model's version and model-file checksum. */
    static String classifierIdentity() {
        return identity;
    }

    private static QueryClassifier loadClassifier() {
        try {
            ModelBundle bundle = ModelBundle.loadBundled();
            identity = bundle.metadata().version() + " " + bundle.metadata().modelSha256();
            return bundle.classifier();
        } catch (InvalidModelException e) {
            System.err.println("bundled model not usable (" + e.getMessage() + "); predicting with the rule-based scorer");
            return new RuleBasedScorer();
        }
    }
}
