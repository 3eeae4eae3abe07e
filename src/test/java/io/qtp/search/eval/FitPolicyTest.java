package io.qtp.search.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.qtp.classify.QueryType;
import io.qtp.search.AdaptivePolicy;
import io.qtp.search.CandidateLists;
import io.qtp.search.Hit;
import io.qtp.search.StrategyChoice;

/**
 * fit-weights keeps the pooled choice for a type unless that type's own best beats it with evidence. Synthetic runs
 * with one relevant document "r": found by the text query only (keyword-good) or by the vector query only
 * (vector-good; the text query finds "a", which wins a 0.5/0.5 tie by id).
 */
class FitPolicyTest {

    static SearchEvaluation.Run keywordGood(int i, QueryType predicted) {
        CandidateLists c = new CandidateLists(List.of(new Hit("r", 1)), List.of(new Hit("x", 0.9)),
                Map.of("r", new double[] {1, 0}, "x", new double[] {0, 0.9}));
        return new SearchEvaluation.Run("k" + i, "k" + i, "original", "q", predicted, Map.of("r", 1), c, new double[0]);
    }

    static SearchEvaluation.Run vectorGood(int i, QueryType predicted) {
        CandidateLists c = new CandidateLists(List.of(new Hit("a", 1)), List.of(new Hit("r", 0.9), new Hit("y", 0.5)),
                Map.of("a", new double[] {1, 0}, "r", new double[] {0, 0.9}, "y", new double[] {0, 0.5}));
        return new SearchEvaluation.Run("v" + i, "v" + i, "original", "q", predicted, Map.of("r", 1), c, new double[0]);
    }

    static List<SearchEvaluation.Run> runs(int keywordTyped, int semanticVectorGood, int semanticKeywordGood) {
        List<SearchEvaluation.Run> runs = new ArrayList<>();
        for (int i = 0; i < keywordTyped; i++) {
            runs.add(keywordGood(i, QueryType.KEYWORD));
        }
        for (int i = 0; i < semanticVectorGood; i++) {
            runs.add(vectorGood(i, QueryType.SEMANTIC));
        }
        for (int i = 0; i < semanticKeywordGood; i++) {
            runs.add(keywordGood(1000 + i, QueryType.SEMANTIC));
        }
        return runs;
    }

    @Test
    void aTypeKeepsThePooledChoiceWhenItsOwnBestWinsByChance() {
        List<SearchEvaluation.Run> runs = runs(60, 3, 1);
        StrategyChoice pooled = SearchEvaluation.best(runs);
        assertThat(pooled).isEqualTo(StrategyChoice.weighted(0.0));
        assertThat(SearchEvaluation.best(runs.subList(60, 64))).as("the semantic runs alone").isEqualTo(StrategyChoice.weighted(0.6));
        AdaptivePolicy fitted = SearchEvaluation.fitPolicy(runs);
        assertThat(fitted.choose(QueryType.KEYWORD)).isEqualTo(pooled);
        assertThat(fitted.choose(QueryType.SEMANTIC)).as("3 of 4 is no evidence").isEqualTo(pooled);
        assertThat(fitted.choose(QueryType.HYBRID)).as("no runs: pooled").isEqualTo(pooled);
    }

    @Test
    void aTypeGetsItsOwnChoiceWhenTheGainIsClear() {
        AdaptivePolicy fitted = SearchEvaluation.fitPolicy(runs(60, 30, 1));
        assertThat(fitted.choose(QueryType.KEYWORD)).isEqualTo(StrategyChoice.weighted(0.0));
        assertThat(fitted.choose(QueryType.SEMANTIC)).isEqualTo(StrategyChoice.weighted(0.6));
    }

    @Test
    void noRunsGivesTheSpecDefaults() {
        AdaptivePolicy fitted = SearchEvaluation.fitPolicy(List.of());
        for (QueryType t : QueryType.values()) {
            assertThat(fitted.choose(t)).isEqualTo(AdaptivePolicy.defaults().choose(t));
        }
    }
}
