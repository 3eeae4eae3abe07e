package io.qtp.search.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.qtp.search.embedding.EmbeddingProviders;
import io.qtp.search.fusion.FusionArtifact;

/**
 * Loads the learned fusion of {@code SEARCH_FUSION_MODEL}: {@code bundled} (the model in the jar fitted with the
 * configured embedding provider's vectors: one for {@code bilingual}, one for {@code bilingual-e5}), a file, or
 * {@code none}. Never fails the service: a model that cannot be read or does not match this version's signals is
 * logged as an error and the type policy serves every search (null). A model fitted with another provider's vectors
 * serves with a warning: its weights were chosen for other vector scores.
 */
final class FusionModels {

    private static final Logger LOG = Logger.getLogger(FusionModels.class);
    /** The fusion model shipped in the jar (docs/SEARCH.md says what it was fitted on). */
    static final String BUNDLED_RESOURCE = "search/fusion-model.json";
    /** The one fitted with the bilingual-e5 provider's vectors. */
    static final String BUNDLED_E5_RESOURCE = "search/fusion-model-bilingual-e5.json";

    private FusionModels() {
    }

    /** The bundled model for a provider: the bilingual-e5 file for bilingual-e5, else the bilingual one. */
    static String bundledResource(EmbeddingProviders.Settings provider) {
        return provider.describe().startsWith(EmbeddingProviders.BILINGUAL_E5 + "(") ? BUNDLED_E5_RESOURCE
                : BUNDLED_RESOURCE;
    }

    static FusionArtifact load(String setting, EmbeddingProviders.Settings provider) {
        String s = setting == null ? "bundled" : setting.strip();
        if (s.isEmpty() || s.equalsIgnoreCase("none")) {
            LOG.info("SEARCH_FUSION_MODEL=none: searches use the type policy");
            return null;
        }
        try {
            FusionArtifact a;
            if (s.equalsIgnoreCase("bundled")) {
                String resource = bundledResource(provider);
                try (InputStream in = FusionModels.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IOException("the bundled fusion model " + resource + " is not in the jar");
                    }
                    a = FusionArtifact.read(in, "bundled " + resource);
                }
            } else {
                a = FusionArtifact.read(Path.of(s));
            }
            LOG.infof("learned fusion %s loaded from %s%s", a.version(), s, a.fixed().isEmpty() ? ""
                    : "; a fixed choice serves " + a.fixed().entrySet().stream()
                            .map(e -> e.getKey().code() + " queries: " + e.getValue())
                            .collect(Collectors.joining(", ")));
            String fittedWith = a.metadata().path("training").path("embedding").asText("");
            if (!fittedWith.equals(provider.describe())) {
                LOG.warnf("learned fusion %s was fitted with the vectors of %s, and this service embeds with %s: its"
                        + " weights suit other vector scores; refit it with fit-fusion (docs/SEARCH.md)",
                        a.version(), fittedWith.isEmpty() ? "an unrecorded provider" : fittedWith, provider.describe());
            }
            return a;
        } catch (IOException | RuntimeException e) {
            LOG.errorf("SEARCH_FUSION_MODEL=%s cannot be used, searches use the type policy: %s", s, e.getMessage());
            return null;
        }
    }
}
