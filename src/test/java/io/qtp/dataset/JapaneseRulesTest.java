package io.qtp.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.qtp.analysis.QueryAnalyzer;
import io.qtp.analysis.Token;
import io.qtp.dataset.QueryTypes.Type;

/**
 * The Japanese derivation rules on real JSQuAD questions (JGLUE, Yahoo Japan Corporation, CC BY-SA 4.0; the
 * questions are quoted as test inputs).
 */
class JapaneseRulesTest {
    static QueryAnalyzer analyzer;
    static JapaneseRules rules;

    @BeforeAll
    static void setUp() {
        analyzer = new QueryAnalyzer();
        rules = new JapaneseRules(analyzer);
    }

    private static List<Token> tokens(String s) {
        return analyzer.analyze(s).tokens();
    }

    @Test
    void keywordVariantsOfTsuyuQuestionHaveOnlyContentWords() {
        for (int seed = 0; seed < 20; seed++) {
            Map<Type, List<Candidate>> c = rules.derive("梅雨とは何季の一種か?", new SplittableRandom(seed));
            assertThat(c.get(Type.KEYWORD)).isNotEmpty();
            for (Candidate k : c.get(Type.KEYWORD)) {
                assertThat(k.rule()).isEqualTo("ja-content-words");
                assertThat(rules.checkKeyword(k.query())).as(k.query()).isTrue();
                assertThat(k.query()).contains("梅雨");
                for (Token t : tokens(k.query())) {
                    assertThat(t.pos()).as(k.query() + " / " + t).isNotIn("助詞", "助動詞", "動詞", "記号");
                }
            }
        }
    }

    @Test
    void hybridVariantsOfTsuyuQuestionKeepSomeStructureButNoPredicate() {
        for (int seed = 0; seed < 20; seed++) {
            Map<Type, List<Candidate>> c = rules.derive("梅雨とは何季の一種か?", new SplittableRandom(seed));
            assertThat(c.get(Type.HYBRID)).isNotEmpty();
            for (Candidate h : c.get(Type.HYBRID)) {
                assertThat(rules.checkHybrid(h.query())).as(h.query()).isTrue();
                List<Token> toks = tokens(h.query());
                boolean structure = toks.stream().anyMatch(t -> "助詞".equals(t.pos()))
                        || toks.stream().anyMatch(t -> JapaneseRules.isQuestionWord(t.text()))
                        || JapaneseRules.INTENT_NOUNS.stream().anyMatch(h.query()::contains);
                assertThat(structure).as(h.query()).isTrue();
                assertThat(toks).noneMatch(t -> "助動詞".equals(t.pos()));
                assertThat(h.query()).doesNotContain("?", "？", "。");
            }
            assertThat(c.get(Type.HYBRID)).extracting(Candidate::query)
                    .contains("梅雨とは"); // the topic-とは rule always applies to this question
        }
    }

    @Test
    void semanticVariantsKeepTheQuestion() {
        Map<Type, List<Candidate>> c = rules.derive("梅雨とは何季の一種か?", new SplittableRandom(1));
        assertThat(c.get(Type.SEMANTIC)).extracting(Candidate::query)
                .contains("梅雨とは何季の一種か?", "梅雨とは何季の一種か");
        assertThat(c.get(Type.SEMANTIC)).extracting(Candidate::rule)
                .contains("original", "ja-no-question-mark", "ja-request");
    }

    @Test
    void termsAreCompoundNounsWithoutParticles() {
        TokenizedText t = TokenizedText.of(analyzer, "国際司法裁判所が設置された都市は?");
        List<String> terms = JapaneseRules.terms(t).stream().filter(JapaneseRules.Term::usable)
                .map(JapaneseRules.Term::text).toList();
        assertThat(terms).containsExactly("国際司法裁判所", "設置", "都市");
    }

    @Test
    void questionWordsFormTheirOwnTerm() {
        TokenizedText t = TokenizedText.of(analyzer, "梅雨前線を形成するのは揚子江気団と何気団でしょうか？");
        List<JapaneseRules.Term> terms = JapaneseRules.terms(t);
        assertThat(terms).filteredOn(x -> x.kind() == JapaneseRules.Kind.INTERROGATIVE)
                .extracting(JapaneseRules.Term::text).containsExactly("何気団");
        assertThat(terms).filteredOn(JapaneseRules.Term::usable).extracting(JapaneseRules.Term::text)
                .contains("梅雨前線", "揚子江気団");
    }

    @Test
    void nounPhrasesAreJoinedByNo() {
        String q = "6代目松鶴の最後の弟子、笑福亭鶴二は、入門から1年も経たずに師匠松鶴が死去した。";
        TokenizedText t = TokenizedText.of(analyzer, q);
        List<String> phrases = JapaneseRules.nounPhrases(t, JapaneseRules.terms(t)).stream()
                .map(p -> JapaneseRules.phraseText(t, p)).toList();
        assertThat(phrases).contains("6代目松鶴の最後の弟子");
    }

    @Test
    void cleanRemovesTheDigitArtefactOnly() {
        assertThat(JapaneseRules.clean("シベリアから中国大陸にかけての広範囲を冷たく乾燥させる気団は？7"))
                .isEqualTo("シベリアから中国大陸にかけての広範囲を冷たく乾燥させる気団は？");
        assertThat(JapaneseRules.clean(" 2008年の経済成長は何%か ")).isEqualTo("2008年の経済成長は何%か");
    }

    @Test
    void checksSeparateTheSpecExamples() {
        assertThat(rules.checkKeyword("PostgreSQL ベクトル検索 インデックス")).isTrue();
        assertThat(rules.checkKeyword("ニューラルネットワーク 学習方法 最適化")).isFalse(); // intent noun 方法
        assertThat(rules.checkHybrid("ニューラルネットワーク 学習方法 最適化")).isTrue();
        assertThat(rules.checkKeyword("梅雨の一種")).isFalse();
        assertThat(rules.checkHybrid("梅雨の一種")).isTrue();
        assertThat(rules.checkHybrid("ニューラルネットワークの学習方法について教えてください")).isFalse();
        assertThat(rules.checkHybrid("梅雨とは何季の一種か?")).isFalse();
        assertThat(rules.checkKeyword("梅雨 何季")).isFalse(); // a question word is structure
    }

    @Test
    void sameSeedSameCandidates() {
        String q = "ダカール・ラリーにおいてポルトガルでの経由地はどこ？";
        assertThat(rules.derive(q, new SplittableRandom(5))).isEqualTo(rules.derive(q, new SplittableRandom(5)));
    }
}
