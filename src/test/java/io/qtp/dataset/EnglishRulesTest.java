package io.qtp.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.qtp.analysis.QueryAnalyzer;
import io.qtp.dataset.QueryTypes.Type;

/**
 * The English derivation rules on real SciFact claims and titles (BEIR SciFact, CC BY-NC 2.0; quoted as test
 * inputs).
 */
class EnglishRulesTest {
    static EnglishRules rules;

    @BeforeAll
    static void setUp() {
        rules = new EnglishRules(new QueryAnalyzer());
    }

    @Test
    void claimGivesQuestionKeywordAndHybridVariants() {
        String claim = "Gpr124 increases BBB breakdown in mouse models of ischemic stroke.";
        for (int seed = 0; seed < 20; seed++) {
            Map<Type, List<Candidate>> c = rules.deriveFromClaim(claim, new SplittableRandom(seed));
            assertThat(c.get(Type.SEMANTIC)).extracting(Candidate::query).contains(claim);
            assertThat(c.get(Type.SEMANTIC)).extracting(Candidate::query)
                    .anyMatch(q -> q.startsWith("Does Gpr124 increase BBB breakdown in mouse models of ischemic stroke"));
            for (Candidate k : c.get(Type.KEYWORD)) {
                boolean ok = k.rule().endsWith("+stop-words") ? EnglishRules.checkStrayStopWords(k.query())
                        : EnglishRules.checkKeyword(k.query());
                assertThat(ok).as(k.query()).isTrue();
            }
            assertThat(c.get(Type.HYBRID)).isNotEmpty();
            for (Candidate h : c.get(Type.HYBRID)) {
                assertThat(rules.checkHybridTagged(h.query())).as(h.query()).isTrue();
            }
        }
        Map<Type, List<Candidate>> c = rules.deriveFromClaim(claim, new SplittableRandom(3));
        assertThat(c.get(Type.HYBRID)).extracting(Candidate::query).map(String::toLowerCase)
                .contains("bbb breakdown in mouse models of ischemic stroke");
    }

    @Test
    void yesNoQuestions() {
        assertThat(yesNo("Peroxynitrite is required for nitration of TCR/CD8."))
                .startsWith("Is Peroxynitrite required for nitration of TCR/CD8");
        assertThat(yesNo("Polymeal nutrition increases cardiovascular mortality."))
                .startsWith("Does polymeal nutrition increase cardiovascular mortality");
        assertThat(yesNo("Medications to treat obesity do not have side effects.")).isNull();
    }

    private static String yesNo(String claim) {
        String body = claim.substring(0, claim.length() - 1);
        return rules.yesNoQuestion(rules.tag(body), new SplittableRandom(0));
    }

    @Test
    void titleFragmentsAreNounPhrasesWithPrepositions() {
        String title = "Microstructural development of human newborn cerebral white matter assessed in vivo by "
                + "diffusion tensor magnetic resonance imaging.";
        Map<Type, List<Candidate>> c = rules.deriveFromDocument(title, "", new SplittableRandom(1));
        assertThat(c.get(Type.HYBRID)).extracting(Candidate::query).map(String::toLowerCase)
                .contains("microstructural development of human newborn cerebral white matter");
        assertThat(c.get(Type.KEYWORD)).isNotEmpty();
        assertThat(c.get(Type.SEMANTIC)).extracting(Candidate::rule).containsOnly("en-title-question");
    }

    @Test
    void sentenceTitlesAreSemantic() {
        Map<Type, List<Candidate>> c = rules.deriveFromDocument(
                "Lysyl oxidase is essential for hypoxia-induced metastasis", "", new SplittableRandom(1));
        assertThat(c.get(Type.SEMANTIC)).extracting(Candidate::rule).contains("en-title-sentence");
    }

    @Test
    void checksSeparateTheSpecExamples() {
        assertThat(EnglishRules.checkKeyword("machine learning algorithm comparison")).isTrue();
        assertThat(EnglishRules.checkHybrid("machine learning algorithm comparison for image recognition")).isTrue();
        assertThat(EnglishRules.checkKeyword("machine learning algorithm comparison for image recognition")).isFalse();
        assertThat(EnglishRules.checkHybrid(
                "What are the best practices for implementing vector search in PostgreSQL?")).isFalse();
        assertThat(EnglishRules.checkKeyword("debug kubernetes aws on in")).isFalse();
        assertThat(EnglishRules.checkStrayStopWords("debug kubernetes aws on in")).isTrue();
    }

    @Test
    void baseForms() {
        assertThat(EnglishRules.baseForm("increases")).isEqualTo("increase");
        assertThat(EnglishRules.baseForm("modifies")).isEqualTo("modify");
        assertThat(EnglishRules.baseForm("reaches")).isEqualTo("reach");
        assertThat(EnglishRules.baseForm("has")).isEqualTo("have");
        assertThat(EnglishRules.baseForm("lacks")).isEqualTo("lack");
    }

    @Test
    void titleCaseIsLowered() {
        assertThat(EnglishRules.mainTitle("Plasma Corin as a Predictor of Cardiovascular Events in Patients With "
                + "Chronic Heart Failure.")).isEqualTo(
                "Plasma corin as a predictor of cardiovascular events in patients with chronic heart failure");
        assertThat(EnglishRules.mainTitle("SUBURBANIZATION IN CHINA")).isEqualTo("Suburbanization in china");
    }
}
