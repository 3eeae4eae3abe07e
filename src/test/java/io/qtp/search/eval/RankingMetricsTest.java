package io.qtp.search.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** nDCG@k and Recall@k against values computed by hand. */
class RankingMetricsTest {

    @Test
    void ndcgWithBinaryRelevance() {
        // relevant: x, y. Ranked: a, x, b, y -> DCG = 1/log2(3) + 1/log2(5); IDCG = 1 + 1/log2(3)
        double dcg = 1 / log2(3) + 1 / log2(5);
        double idcg = 1 + 1 / log2(3);
        assertThat(RankingMetrics.ndcg(List.of("a", "x", "b", "y"), Map.of("x", 1, "y", 1), 10))
                .isCloseTo(dcg / idcg, within(1e-12)); // 0.6508...
        assertThat(dcg / idcg).isCloseTo(0.6509, within(1e-4));
    }

    @Test
    void ndcgCutsAtKAndUsesGradedGains() {
        // grades x=2, y=1; ranked y, x: DCG = 1 + 2/log2(3); IDCG = 2 + 1/log2(3)
        assertThat(RankingMetrics.ndcg(List.of("y", "x"), Map.of("x", 2, "y", 1), 10))
                .isCloseTo((1 + 2 / log2(3)) / (2 + 1 / log2(3)), within(1e-12));
        // at k=1 only y counts: 1 / 2
        assertThat(RankingMetrics.ndcg(List.of("y", "x"), Map.of("x", 2, "y", 1), 1)).isCloseTo(0.5, within(1e-12));
        assertThat(RankingMetrics.ndcg(List.of("x"), Map.of("x", 1), 10)).isEqualTo(1.0);
        assertThat(RankingMetrics.ndcg(List.of("a", "b"), Map.of("x", 1), 10)).isZero();
        assertThat(RankingMetrics.ndcg(List.of(), Map.of("x", 0), 10)).isZero();
    }

    @Test
    void recall() {
        assertThat(RankingMetrics.recall(List.of("a", "x", "b"), Map.of("x", 1, "y", 1, "z", 0), 100)).isEqualTo(0.5);
        assertThat(RankingMetrics.recall(List.of("a", "x", "y"), Map.of("x", 1, "y", 1), 2)).isEqualTo(0.5);
        assertThat(RankingMetrics.recall(List.of("y", "x"), Map.of("x", 1, "y", 1), 100)).isEqualTo(1.0);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
