package io.qtp.search.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.qtp.search.embedding.EmbeddingProviders;
import io.qtp.search.fusion.FusionArtifact;

/** {@code SEARCH_FUSION_MODEL=bundled} loads the fusion file fitted with the configured provider's vectors. */
class FusionModelsTest {

    private static EmbeddingProviders.Settings provider(String name) {
        return new EmbeddingProviders.Settings(name, null, null, null, null, null);
    }

    private static String fittedWith(FusionArtifact a) {
        return a.metadata().path("training").path("embedding").asText();
    }

    @Test
    void theBundledFileFollowsTheProvider() {
        FusionArtifact bilingual = FusionModels.load("bundled", provider(EmbeddingProviders.BILINGUAL));
        FusionArtifact e5 = FusionModels.load("bundled", provider(EmbeddingProviders.BILINGUAL_E5));
        assertThat(fittedWith(bilingual)).isEqualTo(provider(EmbeddingProviders.BILINGUAL).describe());
        assertThat(fittedWith(e5)).isEqualTo(provider(EmbeddingProviders.BILINGUAL_E5).describe());
        assertThat(e5.version()).isNotEqualTo(bilingual.version());
        // a provider without a file of its own gets the default provider's (and a warning in the log)
        assertThat(fittedWith(FusionModels.load("bundled", provider(EmbeddingProviders.MINILM))))
                .isEqualTo(fittedWith(bilingual));
        assertThat(FusionModels.load("none", provider(EmbeddingProviders.BILINGUAL_E5))).isNull();
    }
}
