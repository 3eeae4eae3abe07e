package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.Feature;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;

/** The model in the jar ({@code src/main/resources/model/current/}) loads, verifies and classifies SPEC section 1. */
class BundledModelTest {

    private static ModelBundle bundle;

    @BeforeAll
    static void load() throws InvalidModelException {
        bundle = ModelBundle.loadFromClasspath("model/current");
    }

    @Test
    void loadsFromTheClasspathWithCompleteMetadata() {
        ModelMetadata m = bundle.metadata();
        assertThat(m.missingFields()).isEmpty();
        assertThat(m.featureSetVersion()).isEqualTo(Feature.SET_VERSION);
        assertThat(m.encoderVersion()).isEqualTo(FeatureEncoder.VERSION);
        assertThat(m.labels()).containsExactly("keyword", "semantic", "hybrid");
        assertThat(bundle.classifier().version()).isEqualTo(m.version());
        assertThat(bundle.directory()).isEmpty();
        assertThat(bundle.source()).isEqualTo("classpath:model/current");
        // the quality bar of SPEC section 10, as measured at training time on the held-out test split
        assertThat(m.perLanguage()).containsKeys("ja", "en");
        m.perLanguage().values().forEach(l -> assertThat(l.f1Score()).isGreaterThanOrEqualTo(0.95));
    }

    /** The six examples of the SPEC's type table. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PostgreSQL ベクトル検索 インデックス                                              | keyword
            machine learning algorithm comparison                                       | keyword
            ニューラルネットワークの学習方法について教えてください                                        | semantic
            What are the best practices for implementing vector search in PostgreSQL?   | semantic
            ニューラルネットワーク 学習方法 最適化                                                | hybrid
            machine learning algorithm comparison for image recognition                 | hybrid
            """)
    void classifiesTheSpecExamples(String query, String expected) {
        Prediction p = bundle.classifier().classify(Analyzers.analyze(query));
        assertThat(p.type()).as("%s -> %s", query, p).isEqualTo(QueryType.fromLabel(expected));
        assertThat(p.confidence()).isGreaterThan(0.5);
        assertThat(p.modelVersion()).isEqualTo(bundle.metadata().version());
    }
}
