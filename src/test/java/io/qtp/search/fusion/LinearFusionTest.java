package io.qtp.search.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.qtp.search.CandidateLists;
import io.qtp.search.Hit;

/** The per-query weights of the learned fusion and the ranking they make, on numbers worked out by hand. */
class LinearFusionTest {

    /** "k" is the keyword list's only hit, "v" the vector list's only hit. */
    static final CandidateLists TWO = new CandidateLists(List.of(new Hit("k", 0.5)), List.of(new Hit("v", 0.9)),
            Map.of("k", new double[] {0.5, 0.1}, "v", new double[] {0, 0.9}));

    static double[] zeros() {
        return new double[Signal.COUNT];
    }

    static double[] ones() {
        double[] a = new double[Signal.COUNT];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    /** Weights: keyword_minmax = a + b * z(vector_top1), every other feature 0. */
    static LinearFusion keywordUnlessVectorIsSure(double a, double b) {
        double[][] w = new double[DocumentFeatures.COUNT][Signal.COUNT + 1];
        w[DocumentFeatures.Feature.KEYWORD_MINMAX.ordinal()][0] = a;
        w[DocumentFeatures.Feature.KEYWORD_MINMAX.ordinal()][1 + Signal.VECTOR_TOP1.ordinal()] = b;
        w[DocumentFeatures.Feature.VECTOR_MINMAX.ordinal()][0] = 1;
        return new LinearFusion(zeros(), ones(), w);
    }

    @Test
    void theWeightsOfAQueryFollowItsSignals() {
        LinearFusion f = keywordUnlessVectorIsSure(2, -1.5);
        double[] s = zeros();
        s[Signal.VECTOR_TOP1.ordinal()] = 0.4; // z = 0.4: keyword weight 2 - 0.6 = 1.4
        double[] w = f.weights(s);
        assertThat(w[DocumentFeatures.Feature.KEYWORD_MINMAX.ordinal()]).isCloseTo(1.4, within(1e-12));
        assertThat(w[DocumentFeatures.Feature.VECTOR_MINMAX.ordinal()]).isEqualTo(1.0);
        s[Signal.VECTOR_TOP1.ordinal()] = 100; // clipped at 5 scales: 2 - 7.5
        assertThat(f.weights(s)[DocumentFeatures.Feature.KEYWORD_MINMAX.ordinal()]).isCloseTo(-5.5, within(1e-12));
    }

    @Test
    void theRankingFollowsTheWeights() {
        LinearFusion f = keywordUnlessVectorIsSure(2, -1.5);
        // k: keyword min-max 1, vector min-max 0; v: keyword 0, vector 1
        double[] unsure = zeros();
        LinearFusion.Ranked keywordFirst = f.rank(TWO, unsure, 10);
        assertThat(keywordFirst.hits()).extracting(Hit::id).containsExactly("k", "v");
        assertThat(keywordFirst.hits().get(0).score()).isCloseTo(2.0, within(1e-12));
        // vector share: |1| / (|2| + |1|)
        assertThat(keywordFirst.vectorShare()).isCloseTo(1 / 3.0, within(1e-12));
        double[] sure = zeros();
        sure[Signal.VECTOR_TOP1.ordinal()] = 1; // keyword weight 0.5 < vector weight 1
        assertThat(f.rank(TWO, sure, 10).hits()).extracting(Hit::id).containsExactly("v", "k");
        assertThat(f.rank(TWO, sure, 1).hits()).hasSize(1);
    }

    @Test
    void malformedParametersAreRefused() {
        assertThatThrownBy(() -> new LinearFusion(new double[3], ones(), new double[DocumentFeatures.COUNT][Signal.COUNT + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        double[][] w = new double[DocumentFeatures.COUNT][Signal.COUNT + 1];
        w[0][0] = Double.NaN;
        assertThatThrownBy(() -> new LinearFusion(zeros(), ones(), w)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new LinearFusion(zeros(), zeros(), new double[DocumentFeatures.COUNT][Signal.COUNT + 1]))
                .hasMessageContaining("positive");
    }
}
