package io.qtp.search.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.qtp.analysis.QueryAnalyzer;

/** The documented rules that derive keyword and hybrid variants of a benchmark question. */
class QueryVariantsTest {

    static final QueryAnalyzer ANALYZER = new QueryAnalyzer();

    @Test
    void englishContentTermsAndTheTwoVariants() {
        var a = ANALYZER.analyze("0-dimensional biomaterials lack inductive properties.");
        // the tagger splits "0-dimensional" and calls "lack" a noun: the rule keeps what the analyser says
        assertThat(QueryVariants.terms(a)).containsExactly("0", "dimensional", "biomaterials", "lack", "inductive", "properties");
        assertThat(QueryVariants.keyword(a)).isEqualTo("0 dimensional biomaterials lack inductive properties");
        assertThat(QueryVariants.hybrid(a)).isEqualTo("lack inductive properties of 0 dimensional biomaterials");
        var b = ANALYZER.analyze("What is the effect of aspirin on platelet aggregation?");
        assertThat(QueryVariants.keyword(b)).isEqualTo("effect aspirin platelet aggregation");
        assertThat(QueryVariants.hybrid(b)).isEqualTo("platelet aggregation of effect aspirin");
        assertThat(QueryVariants.hybrid(ANALYZER.analyze("the aspirin"))).isEqualTo("overview of aspirin");
    }

    @Test
    void japaneseNounsAndTheParticleStructure() {
        var a = ANALYZER.analyze("日本で梅雨がないのは北海道とどこか。");
        assertThat(QueryVariants.terms(a)).contains("日本", "梅雨", "北海道").doesNotContain("の", "どこ");
        String keyword = QueryVariants.keyword(a);
        assertThat(keyword).startsWith("日本 梅雨");
        assertThat(QueryVariants.hybrid(a)).contains(" の ");
    }
}
