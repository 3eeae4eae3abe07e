package io.qtp.search.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A fusion model file round trip, and the files that must be refused. */
class FusionArtifactTest {

    static FusionArtifact sample() {
        double[] mean = new double[Signal.COUNT], scale = new double[Signal.COUNT];
        double[][] w = new double[DocumentFeatures.COUNT][Signal.COUNT + 1];
        for (int i = 0; i < Signal.COUNT; i++) {
            mean[i] = i * 0.37;
            scale[i] = 1 + i * 0.011;
        }
        for (int j = 0; j < w.length; j++) {
            for (int i = 0; i < w[j].length; i++) {
                w[j][i] = Math.sin(j * 31 + i) * 3; // arbitrary, not round numbers
            }
        }
        return new FusionArtifact("9.9.9", new LinearFusion(mean, scale, w),
                new ObjectMapper().createObjectNode().put("note", "test"));
    }

    @Test
    void writeThenReadGivesTheSameModel(@TempDir Path dir) throws IOException {
        FusionArtifact a = sample();
        Path file = dir.resolve("fusion.json");
        a.write(file);
        FusionArtifact b = FusionArtifact.read(file);
        assertThat(b.version()).isEqualTo("9.9.9");
        assertThat(b.metadata().path("note").asText()).isEqualTo("test");
        assertThat(b.fusion().weightRows()).isDeepEqualTo(a.fusion().weightRows());
        assertThat(b.fusion().signalMean()).containsExactly(a.fusion().signalMean());
        assertThat(b.fusion().signalScale()).containsExactly(a.fusion().signalScale());
        double[] signals = new double[Signal.COUNT];
        java.util.Arrays.fill(signals, 0.7);
        assertThat(b.fusion().weights(signals)).containsExactly(a.fusion().weights(signals));
    }

    @Test
    void aChangedNumberFailsTheChecksum(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fusion.json");
        sample().write(file);
        String text = Files.readString(file);
        String tampered = text.replaceFirst("\"version\" : \"9.9.9\"", "\"version\" : \"9.9.8\"");
        assertThat(tampered).isNotEqualTo(text);
        Files.writeString(file, tampered);
        assertThatThrownBy(() -> FusionArtifact.read(file)).isInstanceOf(IOException.class).hasMessageContaining("checksum");
    }

    @Test
    void otherSignalsOrFormatsAreRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fusion.json");
        sample().write(file);
        String text = Files.readString(file);
        Files.writeString(file, text.replace("\"p_keyword\"", "\"p_other\""));
        assertThatThrownBy(() -> FusionArtifact.read(file)).hasMessageContaining("signals").hasMessageContaining("refit");
        Files.writeString(file, text.replace("qtp-fusion-1", "qtp-fusion-0"));
        assertThatThrownBy(() -> FusionArtifact.read(file)).hasMessageContaining("format");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> FusionArtifact.read(file)).hasMessageContaining("not a JSON document");
        Files.writeString(file, "[]");
        assertThatThrownBy(() -> FusionArtifact.read(file)).isInstanceOf(IOException.class);
    }

    @Test
    void aModelFittedOnAnotherKeywordRankingIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fusion.json");
        sample().write(file);
        String text = Files.readString(file);
        assertThat(text).contains("\"keywordRanking\" : \"" + io.qtp.search.SearchSql.KEYWORD_RANKING + "\"");
        Files.writeString(file, text.replace(io.qtp.search.SearchSql.KEYWORD_RANKING, "bm25 k1=1.2 b=0.75 dl=lexemes"));
        assertThatThrownBy(() -> FusionArtifact.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("bm25 k1=1.2 b=0.75").hasMessageContaining("refit");
        // a file written before the field existed was fitted on ts_rank's scores
        Files.writeString(file, text.replaceFirst("\\s*\"keywordRanking\" : \"[^\"]*\",", ""));
        assertThat(Files.readString(file)).doesNotContain("keywordRanking");
        assertThatThrownBy(() -> FusionArtifact.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("ts_rank").hasMessageContaining("refit");
    }

    @Test
    void theBundledModelLoadsAndMatchesThisVersion() throws IOException {
        try (var in = getClass().getClassLoader().getResourceAsStream("search/fusion-model.json")) {
            assertThat(in).as("the bundled fusion model is in the jar").isNotNull();
            FusionArtifact a = FusionArtifact.read(in, "bundled");
            assertThat(a.metadata().path("training").path("data").size()).isGreaterThanOrEqualTo(1);
            assertThat(a.metadata().path("crossValidation").path("sources").size()).isGreaterThanOrEqualTo(1);
            // fitted on the vectors of the default provider: changing it means refitting the bundled file
            assertThat(a.metadata().path("training").path("embedding").asText())
                    .isEqualTo(io.qtp.search.embedding.EmbeddingProviders.Settings.bilingual().describe());
        }
    }

    @Test
    void theBundledE5ModelWasFittedWithTheE5ProvidersVectors() throws IOException {
        try (var in = getClass().getClassLoader().getResourceAsStream("search/fusion-model-bilingual-e5.json")) {
            assertThat(in).as("the bilingual-e5 fusion model is in the jar").isNotNull();
            FusionArtifact a = FusionArtifact.read(in, "bundled e5");
            assertThat(a.metadata().path("training").path("embedding").asText()).isEqualTo(
                    new io.qtp.search.embedding.EmbeddingProviders.Settings(
                            io.qtp.search.embedding.EmbeddingProviders.BILINGUAL_E5, null, null, null, null, null)
                            .describe());
            // its English choice is e5's best fixed weights on SciFact (more vector than MiniLM's 0.4)
            assertThat(a.fixedFor(io.qtp.analysis.Language.EN).orElseThrow().vectorWeight()).isGreaterThan(0.4);
        }
    }
}
