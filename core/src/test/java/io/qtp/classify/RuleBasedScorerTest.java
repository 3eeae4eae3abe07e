package io.qtp.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.Feature;
import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalysis;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleBasedScorerTest {

    private final RuleBasedScorer scorer = new RuleBasedScorer();

    @Test
    void versionIsRules1() {
        assertThat(scorer.version()).isEqualTo("rules-1").isEqualTo(RuleBasedScorer.VERSION);
    }

    @Test
    void thresholds() {
        assertThat(RuleBasedScorer.typeOf(0.0)).isEqualTo(QueryType.KEYWORD);
        assertThat(RuleBasedScorer.typeOf(0.3)).isEqualTo(QueryType.KEYWORD);
        assertThat(RuleBasedScorer.typeOf(Math.nextUp(0.3))).isEqualTo(QueryType.HYBRID);
        assertThat(RuleBasedScorer.typeOf(0.5)).isEqualTo(QueryType.HYBRID);
        assertThat(RuleBasedScorer.typeOf(Math.nextDown(0.7))).isEqualTo(QueryType.HYBRID);
        assertThat(RuleBasedScorer.typeOf(0.7)).isEqualTo(QueryType.SEMANTIC);
        assertThat(RuleBasedScorer.typeOf(1.0)).isEqualTo(QueryType.SEMANTIC);
    }

    /** A fine sweep including both thresholds and their neighbours: sum 1, argmax = threshold type. */
    @Test
    void probabilitiesSumToOneAndAgreeWithThresholdsOverASweep() {
        List<Double> extra = List.of(0.3, 0.7, Math.nextUp(0.3), Math.nextDown(0.3), Math.nextUp(0.7),
                Math.nextDown(0.7), 0.0, 1.0);
        java.util.ArrayList<Double> scores = new java.util.ArrayList<>(extra);
        for (int i = 0; i <= 10_000; i++) {
            scores.add(i / 10_000.0);
        }
        for (double s : scores) {
            double[] p = RuleBasedScorer.probabilities(s);
            assertThat(p).hasSize(3);
            assertThat(p[0] + p[1] + p[2]).as("sum at %s", s).isCloseTo(1.0, within(1e-12));
            for (double v : p) {
                assertThat(v).isBetween(0.0, 1.0);
            }
            QueryType byThreshold = RuleBasedScorer.typeOf(s);
            double best = Math.max(p[0], Math.max(p[1], p[2]));
            assertThat(p[byThreshold.ordinal()]).as("argmax at s=%s", s).isEqualTo(best);
            // the generic argmax (first maximum in enum order) agrees too, ties included
            assertThat(Prediction.fromProbabilities(p, "x").type()).as("fromProbabilities at s=%s", s)
                    .isEqualTo(byThreshold);
        }
    }

    @Test
    void probabilityShape() {
        assertThat(RuleBasedScorer.probabilities(0.0)[QueryType.KEYWORD.ordinal()]).isGreaterThan(0.9);
        assertThat(RuleBasedScorer.probabilities(1.0)[QueryType.SEMANTIC.ordinal()]).isGreaterThan(0.9);
        assertThat(RuleBasedScorer.probabilities(0.5)[QueryType.HYBRID.ordinal()]).isGreaterThan(0.75);
        double[] atThreshold = RuleBasedScorer.probabilities(0.3);
        assertThat(atThreshold[QueryType.KEYWORD.ordinal()]).isEqualTo(atThreshold[QueryType.HYBRID.ordinal()]);
        // monotone: more score, more semantic, less keyword
        double[] lower = RuleBasedScorer.probabilities(0.4);
        double[] higher = RuleBasedScorer.probabilities(0.6);
        assertThat(higher[QueryType.SEMANTIC.ordinal()]).isGreaterThan(lower[QueryType.SEMANTIC.ordinal()]);
        assertThat(higher[QueryType.KEYWORD.ordinal()]).isLessThan(lower[QueryType.KEYWORD.ordinal()]);
    }

    @Test
    void probabilitiesOfOutOfRangeScoresAreClamped() {
        assertThat(RuleBasedScorer.probabilities(-5)).containsExactly(RuleBasedScorer.probabilities(0));
        assertThat(RuleBasedScorer.probabilities(7)).containsExactly(RuleBasedScorer.probabilities(1));
        assertThat(RuleBasedScorer.probabilities(Double.NaN)).containsExactly(RuleBasedScorer.probabilities(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"What are the best practices for implementing vector search in PostgreSQL?\"",
            "「ニューラルネットワークの学習方法について教えてください」", "\"connection refused\""})
    void fullyQuotedIsKeywordWithScoreZero(String query) {
        QueryAnalysis a = Analyzers.analyze(query);
        assertThat(scorer.score(a)).isZero();
        Prediction p = scorer.classify(a);
        assertThat(p.type()).isEqualTo(QueryType.KEYWORD);
        assertThat(p.probabilities()).containsExactly(RuleBasedScorer.probabilities(0));
    }

    @Test
    void scoreIsClampedToTheUnitInterval() {
        // a long question collects every bonus: the raw sum exceeds 1
        QueryAnalysis question = Analyzers.analyze(
                "Could you please explain to me why my docker container keeps restarting every few minutes?");
        RuleBasedScorer.Breakdown b = scorer.explain(question);
        assertThat(0.3 * b.common() + 0.7 * b.language() + b.adjustments()).isGreaterThan(1);
        assertThat(b.score()).isEqualTo(1.0);
        // boolean operators and field syntax push below 0
        QueryAnalysis syntax = Analyzers.analyze("title:docker AND author:smith");
        RuleBasedScorer.Breakdown k = scorer.explain(syntax);
        assertThat(0.3 * k.common() + 0.7 * k.language() + k.adjustments()).isLessThan(0);
        assertThat(k.score()).isZero();
    }

    @Test
    void adjustmentsFollowTheDesign() {
        double[] f = new double[Feature.count()];
        f[Feature.TOKEN_COUNT.ordinal()] = 5;
        assertThat(RuleBasedScorer.adjustments(vector(f))).isZero();
        f[Feature.BOOLEAN_OPERATOR.ordinal()] = 1;
        assertThat(RuleBasedScorer.adjustments(vector(f))).isCloseTo(-0.4, within(1e-12));
        f[Feature.FIELD_SYNTAX.ordinal()] = 1;
        assertThat(RuleBasedScorer.adjustments(vector(f))).isCloseTo(-0.7, within(1e-12));
        f[Feature.QUESTION_FORM.ordinal()] = 1;
        assertThat(RuleBasedScorer.adjustments(vector(f))).isCloseTo(-0.4, within(1e-12));
        f[Feature.TOKEN_COUNT.ordinal()] = 2;
        assertThat(RuleBasedScorer.adjustments(vector(f))).isCloseTo(-0.6, within(1e-12));
        f[Feature.TOKEN_COUNT.ordinal()] = 10;
        assertThat(RuleBasedScorer.adjustments(vector(f))).isCloseTo(-0.2, within(1e-12));
    }

    @Test
    void scoreIsTheWeightedSumOfItsParts() {
        QueryAnalysis a = Analyzers.analyze("machine learning algorithm comparison for image recognition");
        RuleBasedScorer.Breakdown b = scorer.explain(a);
        assertThat(b.score()).isCloseTo(0.3 * b.common() + 0.7 * b.language() + b.adjustments(), within(1e-12));
        assertThat(b.common()).isBetween(0.0, 1.0);
        assertThat(b.language()).isBetween(0.0, 1.0);
    }

    @Test
    void predictionCarriesTypeProbabilitiesAndVersion() {
        Prediction p = scorer.classify(Analyzers.analyze("ニューラルネットワークの学習方法について教えてください"));
        assertThat(p.type()).isEqualTo(QueryType.SEMANTIC);
        assertThat(p.confidence()).isEqualTo(p.probability(QueryType.SEMANTIC)).isGreaterThan(0.5);
        assertThat(p.modelVersion()).isEqualTo("rules-1");
    }

    @Test
    void emptyQueryIsKeyword() {
        assertThat(scorer.classify(Analyzers.analyze("")).type()).isEqualTo(QueryType.KEYWORD);
    }

    private static QueryAnalysis vector(double[] f) {
        return new QueryAnalysis("x", Language.EN, List.of(), f);
    }
}
