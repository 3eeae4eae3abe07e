package io.qtp.search.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.qtp.classify.QueryType;
import io.qtp.search.CandidateLists;

/** Cross-fitting never lets a group be on both sides: what a fold is scored on shares no group with what fitted it. */
class FoldsTest {

    static SearchEvaluation.Run run(String query, String group, String variant) {
        return new SearchEvaluation.Run(query, group, variant, "q", QueryType.SEMANTIC, Map.of(), CandidateLists.EMPTY,
                new double[0]);
    }

    @Test
    void everyGroupIsInExactlyOneFoldAndNeverOnBothSides() {
        List<SearchEvaluation.Run> runs = new ArrayList<>();
        for (int a = 0; a < 37; a++) {
            for (int q = 0; q < 1 + a % 5; q++) {
                for (String v : SearchEvaluation.VARIANTS) {
                    runs.add(run("a" + a + "q" + q, "article:" + a, v));
                }
            }
        }
        Folds folds = new Folds(runs.stream().map(SearchEvaluation.Run::group).toList(), 5, 42);
        int scored = 0;
        for (int f = 0; f < folds.k(); f++) {
            Set<String> fitted = new HashSet<>();
            folds.training(runs, f).forEach(r -> fitted.add(r.group()));
            List<SearchEvaluation.Run> held = folds.heldOut(runs, f);
            assertThat(held).isNotEmpty();
            for (SearchEvaluation.Run r : held) {
                assertThat(fitted).as("group %s is scored in fold %d and fitted on", r.group(), f).doesNotContain(r.group());
            }
            scored += held.size();
            assertThat(folds.training(runs, f).size() + held.size()).isEqualTo(runs.size());
        }
        assertThat(scored).as("each run scored exactly once").isEqualTo(runs.size());
        // a query's variants share its group, so they are always together
        for (SearchEvaluation.Run r : runs) {
            assertThat(folds.fold(r.group())).isEqualTo(folds.fold("article:" + r.queryId().substring(1, r.queryId().indexOf('q'))));
        }
    }

    @Test
    void theAssignmentIsSeededAndTooFewGroupsAreRefused() {
        List<String> groups = List.of("a", "b", "c", "d", "e", "f", "g");
        Folds one = new Folds(groups, 3, 7), two = new Folds(groups, 3, 7);
        for (String g : groups) {
            assertThat(one.fold(g)).isEqualTo(two.fold(g));
        }
        assertThatThrownBy(() -> new Folds(List.of("a", "b"), 3, 1)).hasMessageContaining("at least 3 groups");
        assertThatThrownBy(() -> new Folds(groups, 1, 1)).hasMessageContaining("at least 2");
    }
}
