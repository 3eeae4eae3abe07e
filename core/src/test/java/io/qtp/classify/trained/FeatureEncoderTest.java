package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.Feature;
import io.qtp.analysis.QueryAnalysis;

class FeatureEncoderTest {

    private static final String JA = "ニューラルネットワークの学習方法について教えてください";
    private static final String EN = "What are the best practices for implementing vector search in PostgreSQL?";

    private final FeatureEncoder encoder = new FeatureEncoder(FeatureEncoder.Spec.defaults());

    @Test
    void sameQueryGivesSameFeaturesAcrossCallsAndInstances() {
        for (String q : List.of(JA, EN, "PostgreSQL ベクトル検索 インデックス", "")) {
            QueryAnalysis a = Analyzers.analyze(q);
            FeatureEncoder.Encoded first = encoder.encodeFeatures(a);
            FeatureEncoder.Encoded again = encoder.encodeFeatures(Analyzers.analyze(q));
            FeatureEncoder.Encoded other = new FeatureEncoder(FeatureEncoder.Spec.defaults()).encodeFeatures(a);
            assertThat(again.names()).containsExactly(first.names());
            assertThat(again.values()).containsExactly(first.values());
            assertThat(other.names()).containsExactly(first.names());
            assertThat(other.values()).containsExactly(first.values());
        }
    }

    /**
     * The hash is part of the model contract: these buckets must never change for this encoder version. The
     * expected values were computed by an independent implementation of the algorithm documented in the class
     * comment (FNV-1a over the code points of " ab " with salt 1, n = 1..3, MurmurHash3 fmix32, mod 8192).
     */
    @Test
    void characterHashIsPinned() {
        assertThat(encoder.charBuckets("ab")).containsExactly(2099, 3168, 3316, 3873, 4578, 4681, 6950, 8081);
        assertThat(encoder.charBuckets("検索")).containsExactly(2144, 3099, 3228, 3630, 3873, 4926, 6100, 7874);
    }

    @Test
    void layoutIsAnalysisFeaturesInNameOrderThenSortedBuckets() {
        QueryAnalysis a = Analyzers.analyze(EN);
        FeatureEncoder.Encoded e = encoder.encodeFeatures(a);

        List<String> expectedDense = new ArrayList<>();
        for (Feature f : Feature.values()) {
            expectedDense.add(f.name());
        }
        expectedDense.sort(null);
        List<String> names = Arrays.asList(e.names());
        assertThat(names.subList(0, Feature.count())).containsExactlyElementsOf(expectedDense);
        for (int i = 0; i < Feature.count(); i++) {
            assertThat(e.values()[i]).isEqualTo(a.feature(Feature.valueOf(e.names()[i])));
        }
        // strictly increasing: sorted as Tribuo needs, no duplicates
        for (int i = 1; i < e.size(); i++) {
            assertThat(e.names()[i - 1].compareTo(e.names()[i])).isNegative();
        }
        List<String> hashed = names.subList(Feature.count(), names.size());
        assertThat(hashed).allMatch(n -> n.matches("c\\d{4}|p\\d{4}|w\\d{4}"));
        assertThat(hashed).anyMatch(n -> n.startsWith("c")).anyMatch(n -> n.startsWith("p")).anyMatch(n -> n.startsWith("w"));
        for (int i = Feature.count(); i < e.size(); i++) {
            assertThat(e.values()[i]).isEqualTo(1.0);
        }
        assertThat(encoder.featureNames()).containsAll(names);
        assertThat(encoder.dimension()).isEqualTo(Feature.count() + 8192 + 2048 + 4096);
    }

    @Test
    void exampleCarriesTheFeaturesAndTheLabel() {
        QueryAnalysis a = Analyzers.analyze(JA);
        Example<Label> ex = encoder.encode(a, new Label("semantic"));
        FeatureEncoder.Encoded e = encoder.encodeFeatures(a);
        assertThat(ex.getOutput().getLabel()).isEqualTo("semantic");
        assertThat(ex.size()).isEqualTo(e.size());
        assertThat(ex.validateExample()).isTrue();
        List<String> exampleNames = new ArrayList<>();
        ex.forEach(f -> exampleNames.add(f.getName()));
        assertThat(exampleNames).containsExactly(e.names());
        assertThat(ex.copy().size()).isEqualTo(e.size());
    }

    @Test
    void analysisOnlySpecEmitsExactlyTheAnalysisFeatures() {
        FeatureEncoder dense = new FeatureEncoder(FeatureEncoder.Spec.analysisOnly());
        assertThat(dense.encodeFeatures(Analyzers.analyze(EN)).size()).isEqualTo(Feature.count());
        assertThat(dense.dimension()).isEqualTo(Feature.count());
    }

    @Test
    void characterSpaceIsNormalised() {
        // NFKC (full-width letters, ideographic space), lower case, collapsed whitespace
        assertThat(encoder.charBuckets("ＶＥＣＴＯＲ　　Search ")).containsExactly(encoder.charBuckets("vector search"));
        assertThat(FeatureEncoder.normalisedCodePoints("  A\u200Bb  ")).containsExactly(' ', 'a', 'b', ' ');
        assertThat(FeatureEncoder.normalisedCodePoints("   ")).isEmpty();
    }

    @Test
    void specRangesAreChecked() {
        assertThatThrownBy(() -> new FeatureEncoder.Spec(-1, 1, 3, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeatureEncoder.Spec(16, 3, 2, 0, 0)).hasMessageContaining("n-gram range");
        assertThatThrownBy(() -> new FeatureEncoder.Spec(16, 1, 6, 0, 0)).hasMessageContaining("n-gram range");
    }
}
