package io.qtp.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.QueryType;

/**
 * The {@code train} command does not choose a candidate that answers one of the SPEC's six examples otherwise
 * ({@link Train#specMiss}): a classifier that answers every query keyword misses the first semantic example; one
 * that answers each example as the SPEC says misses none.
 */
class SpecExamplesGateTest {

    private static final QueryAnalyzer ANALYZER = new QueryAnalyzer();

    @Test
    void aClassifierThatMissesAnExampleIsNamed() {
        String miss = Train.specMiss(constant(QueryType.KEYWORD), ANALYZER);
        assertThat(miss).isEqualTo("ニューラルネットワークの学習方法について教えてください -> keyword 0.80");
    }

    @Test
    void aClassifierThatAnswersEveryExampleAsTheSpecSaysPasses() {
        QueryClassifier asTheSpecSays = new QueryClassifier() {
            @Override
            public Prediction classify(QueryAnalysis analysis) {
                return answer(Train.SPEC_EXAMPLES.get(analysis.query()));
            }

            @Override
            public String version() {
                return "spec";
            }
        };
        assertThat(Train.SPEC_EXAMPLES).hasSize(6).containsValues(QueryType.values());
        assertThat(Train.specMiss(asTheSpecSays, ANALYZER)).isNull();
    }

    private static QueryClassifier constant(QueryType type) {
        return new QueryClassifier() {
            @Override
            public Prediction classify(QueryAnalysis analysis) {
                return answer(type);
            }

            @Override
            public String version() {
                return "constant";
            }
        };
    }

    private static Prediction answer(QueryType type) {
        double[] p = {0.1, 0.1, 0.1};
        p[type.ordinal()] = 0.8;
        return Prediction.fromProbabilities(p, "test");
    }
}
