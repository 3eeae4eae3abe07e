package io.qtp.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.qtp.search.CandidateTerms.Term;

class CandidateTermsTest {

    static Term unlisted(String l) {
        return new Term(l, null);
    }

    static Term listed(String l, double share) {
        return new Term(l, share);
    }

    @Test
    void unlistedTermsAlwaysSelectAndCommonOnesOnlyFallBack() {
        CandidateTerms t = CandidateTerms.choose(List.of(listed("cell", 0.2), unlisted("zymogen"), listed("kinas", 0.005),
                unlisted("quasiparticl")), 100_000, 0.01, 5_000);
        assertThat(t.primary()).containsExactly("zymogen", "quasiparticl", "kinas");
        // fallback: rarest listed first while within the budget (500 + 20,000 > 5,000: cell stays out)
        assertThat(t.fallback()).containsExactly("kinas");
    }

    @Test
    void listedTermsStopAtTheBudgetRarestFirst() {
        CandidateTerms t = CandidateTerms.choose(List.of(listed("a", 0.009), listed("b", 0.002), listed("c", 0.004)),
                1_000_000, 0.01, 7_000);
        // b 2,000 + c 4,000 = 6,000 within 7,000; a would make it 15,000
        assertThat(t.primary()).containsExactly("b", "c");
        assertThat(t.fallback()).containsExactly("b", "c");
    }

    @Test
    void everyTermCommonLeavesOnlyTheRarestAsFallbackEvenOverTheBudget() {
        CandidateTerms t = CandidateTerms.choose(List.of(listed("protein", 0.9), listed("cell", 0.3)), 100_000, 0.01, 5_000);
        assertThat(t.primary()).isEmpty();
        assertThat(t.fallback()).containsExactly("cell");
    }

    @Test
    void withoutStatisticsEveryTermSelects() {
        CandidateTerms t = CandidateTerms.choose(List.of(unlisted("a"), unlisted("b")), -1);
        assertThat(t.primary()).containsExactly("a", "b");
        assertThat(t.fallback()).isEmpty();
    }

    @Test
    void tsqueryQuotesEveryLexemeSoNoneIsAnOperator() {
        assertThat(CandidateTerms.tsquery(List.of())).isNull();
        assertThat(CandidateTerms.tsquery(List.of("a", "o'neil", "x\\y", "!&|:*"))).isEqualTo("'a' | 'o''neil' | 'x\\\\y' | '!&|:*'");
    }
}
