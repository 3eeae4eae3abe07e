package io.qtp.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The ranking math of every strategy, on hand-made candidates with hand-computed expectations. */
class FusionTest {

    // keyword list: a (rank 0.6), b (0.3), c (0.1); vector list: c (0.9), d (0.5), a (0.2)
    static final CandidateLists C = new CandidateLists(
            List.of(new Hit("a", 0.6), new Hit("b", 0.3), new Hit("c", 0.1)),
            List.of(new Hit("c", 0.9), new Hit("d", 0.5), new Hit("a", 0.2)),
            Map.of("a", new double[] {0.6, 0.2}, "b", new double[] {0.3, 0.1}, "c", new double[] {0.1, 0.9},
                    "d", new double[] {0.0, 0.5}));

    static List<String> ids(List<Hit> hits) {
        return hits.stream().map(Hit::id).toList();
    }

    @Test
    void minMaxNormalisation() {
        assertThat(Fusion.minMax(0.3, 0.1, 0.6)).isCloseTo(0.4, within(1e-12));
        assertThat(Fusion.minMax(0.1, 0.1, 0.6)).isZero();
        assertThat(Fusion.minMax(0.6, 0.1, 0.6)).isEqualTo(1.0);
        assertThat(Fusion.minMax(0.5, 0.5, 0.5)).isEqualTo(1.0); // one positive value: full score
        assertThat(Fusion.minMax(0, 0, 0)).isZero();
    }

    @Test
    void reciprocalRankFusionWithK60() {
        List<Hit> r = Fusion.rank(C, StrategyChoice.of(Strategy.RRF), 10);
        // a: 1/61 + 1/63; c: 1/63 + 1/61; b: 1/62; d: 1/62. a and c tie; a's best rank (0) equals c's (0): id order
        assertThat(ids(r)).containsExactly("a", "c", "b", "d");
        assertThat(r.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 63, within(1e-12));
        assertThat(r.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
        assertThat(Fusion.RRF_K).isEqualTo(60);
    }

    @Test
    void weightedCombinationOfMinMaxNormalisedScores() {
        // keyword over {a,b,c,d}: min 0, max 0.6 -> a 1, b 0.5, c 1/6, d 0
        // vector over {a,b,c,d}: min 0.1, max 0.9 -> a 0.125, b 0, c 1, d 0.5
        List<Hit> k = Fusion.rank(C, StrategyChoice.weighted(0.2), 10);
        // 0.2 v + 0.8 k: a 0.825, b 0.4, c 0.3333, d 0.1
        assertThat(ids(k)).containsExactly("a", "b", "c", "d");
        assertThat(k.get(0).score()).isCloseTo(0.2 * 0.125 + 0.8, within(1e-12));
        List<Hit> v = Fusion.rank(C, StrategyChoice.weighted(0.8), 10);
        // 0.8 v + 0.2 k: a 0.3, b 0.1, c 0.8333, d 0.4
        assertThat(ids(v)).containsExactly("c", "d", "a", "b");
        assertThat(v.get(0).score()).isCloseTo(0.8 + 0.2 / 6, within(1e-12));
    }

    @Test
    void pureStrategiesKeepTheDatabaseOrderAndTheLimit() {
        assertThat(ids(Fusion.rank(C, StrategyChoice.of(Strategy.KEYWORD), 2))).containsExactly("a", "b");
        assertThat(ids(Fusion.rank(C, StrategyChoice.of(Strategy.VECTOR), 10))).containsExactly("c", "d", "a");
    }

    @Test
    void stagedSearchesRerankTheFirstStageByTheOtherScore() {
        // keyword candidates a, b, c re-ranked by cosine: c 0.9, a 0.2, b 0.1 (d is not a keyword candidate)
        assertThat(ids(Fusion.rank(C, StrategyChoice.of(Strategy.KEYWORD_FIRST), 10))).containsExactly("c", "a", "b");
        // vector candidates c, d, a re-ranked by keyword rank: a 0.6, c 0.1, d 0
        assertThat(ids(Fusion.rank(C, StrategyChoice.of(Strategy.VECTOR_FIRST), 10))).containsExactly("a", "c", "d");
    }

    @Test
    void keywordFirstFallsBackToVectorWhenNoTermMatches() {
        CandidateLists noText = new CandidateLists(List.of(), C.vector(), C.scores());
        assertThat(ids(Fusion.rank(noText, StrategyChoice.of(Strategy.KEYWORD_FIRST), 10))).containsExactly("c", "d", "a");
    }

    @Test
    void weightsMustBeAConvexCombination() {
        assertThatThrownBy(() -> new StrategyChoice(Strategy.WEIGHTED, 0.7, 0.7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StrategyChoice.weighted(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Strategy.fromLabel("Keyword_First")).isEqualTo(Strategy.KEYWORD_FIRST);
        assertThat(Strategy.VECTOR_FIRST.label()).isEqualTo("vector-first");
    }

    @Test
    void specDefaultsAndPolicyFileRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        AdaptivePolicy d = AdaptivePolicy.defaults();
        assertThat(d.choose(io.qtp.classify.QueryType.KEYWORD)).isEqualTo(new StrategyChoice(Strategy.WEIGHTED, 0.2, 0.8));
        assertThat(d.choose(io.qtp.classify.QueryType.SEMANTIC)).isEqualTo(new StrategyChoice(Strategy.WEIGHTED, 0.8, 0.2));
        assertThat(d.choose(io.qtp.classify.QueryType.HYBRID)).isEqualTo(new StrategyChoice(Strategy.WEIGHTED, 0.5, 0.5));
        AdaptivePolicy p = new AdaptivePolicy(Map.of(io.qtp.classify.QueryType.KEYWORD, StrategyChoice.of(Strategy.KEYWORD),
                io.qtp.classify.QueryType.SEMANTIC, StrategyChoice.of(Strategy.RRF),
                io.qtp.classify.QueryType.HYBRID, StrategyChoice.weighted(0.3)));
        java.nio.file.Path f = dir.resolve("w.json");
        p.write(f, "test");
        AdaptivePolicy back = AdaptivePolicy.read(f);
        assertThat(back.choose(io.qtp.classify.QueryType.SEMANTIC).strategy()).isEqualTo(Strategy.RRF);
        assertThat(back.choose(io.qtp.classify.QueryType.HYBRID).vectorWeight()).isCloseTo(0.3, within(1e-12));
        assertThat(back.choose(io.qtp.classify.QueryType.KEYWORD).strategy()).isEqualTo(Strategy.KEYWORD);
    }
}
