package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JapaneseFeaturesTest {

    @Test
    void questionEndingAndParticlesOfTsuyu() {
        // 梅雨/と/は/何/季/の/一/種/か/? : 9 word tokens; と case, は topic, か final at the end
        QueryAnalysis a = Analyzers.analyze("梅雨とは何季の一種か?");
        assertThat(a.tokens()).extracting(Token::text).startsWith("梅雨", "と", "は", "何");
        assertThat(a.feature(Feature.TOKEN_COUNT)).isEqualTo(9.0);
        assertThat(a.feature(Feature.JA_CASE_PARTICLE_RATIO)).isCloseTo(1 / 9.0, within(1e-12));
        assertThat(a.feature(Feature.JA_TOPIC_PARTICLE_RATIO)).isCloseTo(1 / 9.0, within(1e-12));
        assertThat(a.feature(Feature.JA_FINAL_PARTICLE_RATIO)).isCloseTo(1 / 9.0, within(1e-12));
        assertThat(a.feature(Feature.JA_PARTICLE_RATIO)).isCloseTo(4 / 9.0, within(1e-12)); // と は の か
        assertThat(a.feature(Feature.JA_QUESTION_ENDING)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_INTERROGATIVE)).isEqualTo(1.0);
        assertThat(a.feature(Feature.TRAILING_QUESTION_MARK)).isEqualTo(1.0);
        assertThat(a.feature(Feature.QUESTION_FORM)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_REQUEST_ENDING)).isZero();
    }

    @Test
    void requestEndingOfNeuralNetworkQuestion() {
        // ニューラルネットワーク/の/学習/方法/について/教え/て/ください
        QueryAnalysis a = Analyzers.analyze("ニューラルネットワークの学習方法について教えてください");
        assertThat(a.tokens()).extracting(Token::text)
                .containsExactly("ニューラルネットワーク", "の", "学習", "方法", "について", "教え", "て", "ください");
        assertThat(a.tokens().get(5).baseForm()).isEqualTo("教える");
        assertThat(a.tokens().get(4).tag()).isEqualTo("助詞-格助詞-連語");
        assertThat(a.feature(Feature.JA_REQUEST_ENDING)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_PREDICATE_ENDING)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_QUESTION_ENDING)).isZero();
        assertThat(a.feature(Feature.JA_POLITE)).isZero();
        assertThat(a.feature(Feature.JA_CASE_PARTICLE_RATIO)).isCloseTo(1 / 8.0, within(1e-12)); // について
        assertThat(a.feature(Feature.JA_CONJUNCTIVE_PARTICLE_RATIO)).isCloseTo(1 / 8.0, within(1e-12)); // て
        assertThat(a.feature(Feature.JA_VERB_RATIO)).isCloseTo(2 / 8.0, within(1e-12)); // 教え ください
        assertThat(a.feature(Feature.JA_HONORIFIC)).isGreaterThan(0); // ください (くださる)
    }

    @Test
    void politeQuestionOfTokyoTower() {
        QueryAnalysis a = Analyzers.analyze("東京タワーの高さはどれくらいですか");
        assertThat(a.feature(Feature.JA_POLITE)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_QUESTION_ENDING)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_INTERROGATIVE)).isEqualTo(1.0); // どれ
        assertThat(a.feature(Feature.JA_AUX_VERB_RATIO)).isGreaterThan(0); // です
        assertThat(a.feature(Feature.JA_ADJECTIVE_RATIO)).isGreaterThan(0); // 高(さ)
        assertThat(a.feature(Feature.QUESTION_FORM)).isEqualTo(1.0);
    }

    @Test
    void keywordQueryHasNoParticlesAndManyNouns() {
        QueryAnalysis a = Analyzers.analyze("PostgreSQL ベクトル検索 インデックス");
        assertThat(a.tokens()).extracting(Token::text).containsExactly("PostgreSQL", "ベクトル", "検索", "インデックス");
        assertThat(a.tokens()).extracting(Token::pos).containsOnly("名詞");
        assertThat(a.feature(Feature.JA_NOUN_RATIO)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_CONTENT_WORD_RATIO)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_PARTICLE_RATIO)).isZero();
        assertThat(a.feature(Feature.JA_FUNCTION_WORD_RATIO)).isZero();
        assertThat(a.feature(Feature.JA_PREDICATE_ENDING)).isZero();
        assertThat(a.feature(Feature.QUESTION_FORM)).isZero();
        assertThat(a.feature(Feature.SCRIPT_LATIN)).isGreaterThan(0.4);
        assertThat(a.feature(Feature.SCRIPT_KATAKANA)).isGreaterThan(0.4);
    }

    @Test
    void politeRequestWithItadakeru() {
        QueryAnalysis a = Analyzers.analyze("Kubernetesのポッドが再起動を繰り返す原因を教えていただけますか");
        assertThat(a.feature(Feature.JA_REQUEST_ENDING)).isEqualTo(1.0); // て + いただける
        assertThat(a.feature(Feature.JA_POLITE)).isEqualTo(1.0); // ます
        assertThat(a.feature(Feature.JA_QUESTION_ENDING)).isEqualTo(1.0); // か
        assertThat(a.feature(Feature.JA_INTERROGATIVE)).isZero();
        assertThat(a.feature(Feature.JA_CASE_PARTICLE_RATIO)).isCloseTo(3 / 15.0, within(1e-12)); // が を を
    }

    @Test
    void conjunctiveParticlesConnectivesAndFinalParticles() {
        // ので, ながら, て (接続助詞); しかし (接続詞); ね (終助詞); で is a case particle here (家で)
        QueryAnalysis a = Analyzers.analyze("雨が降ったので、家で本を読みながら待っていました。しかし、彼は来なかったね");
        assertThat(a.feature(Feature.JA_CONJUNCTIVE_PARTICLE_RATIO)).isGreaterThan(0);
        assertThat(a.feature(Feature.JA_CONNECTIVE)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_CONJUNCTION_RATIO)).isGreaterThan(0);
        assertThat(a.feature(Feature.JA_FINAL_PARTICLE_RATIO)).isGreaterThan(0);
        assertThat(a.feature(Feature.JA_TOPIC_PARTICLE_RATIO)).isGreaterThan(0); // 彼は
        assertThat(a.feature(Feature.JA_POLITE)).isEqualTo(1.0); // まし(た)
        assertThat(a.feature(Feature.JA_QUESTION_ENDING)).isZero();
    }

    @Test
    void conditionalTaraCountsAsConjunctive() {
        // 降っ/たら: IPADIC makes たら an auxiliary; it joins clauses like a conjunctive particle
        QueryAnalysis a = Analyzers.analyze("雨が降ったら試合は中止ですか");
        assertThat(a.feature(Feature.JA_CONJUNCTIVE_PARTICLE_RATIO)).isGreaterThan(0);
    }

    @Test
    void honorificsAreCountedAndBounded() {
        // ご, お (prefixes), ござい (ござる), ください (くださる): 4 markers, capped at 3
        QueryAnalysis a = Analyzers.analyze("ご不明な点がございましたらお問い合わせください");
        assertThat(a.feature(Feature.JA_HONORIFIC)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_REQUEST_ENDING)).isEqualTo(1.0);
        QueryAnalysis plain = Analyzers.analyze("雨が降る");
        assertThat(plain.feature(Feature.JA_HONORIFIC)).isZero();
    }

    @Test
    void onegaiIsARequestAndCasualTeFormToo() {
        assertThat(Analyzers.analyze("会議室の予約をお願いします").feature(Feature.JA_REQUEST_ENDING)).isEqualTo(1.0);
        QueryAnalysis casual = Analyzers.analyze("東京で美味しいラーメン屋を教えて");
        assertThat(casual.feature(Feature.JA_REQUEST_ENDING)).isEqualTo(1.0);
        assertThat(casual.feature(Feature.JA_POLITE)).isZero();
    }

    @Test
    void kaInsideASentenceIsNotAQuestionEnding() {
        // 何か: the か is not at the end
        QueryAnalysis a = Analyzers.analyze("何か面白い本を探しています");
        assertThat(a.feature(Feature.JA_QUESTION_ENDING)).isZero();
        assertThat(a.feature(Feature.JA_PREDICATE_ENDING)).isEqualTo(1.0);
        assertThat(a.feature(Feature.JA_INTERROGATIVE)).isEqualTo(1.0); // 何 is still an interrogative word
    }

    @Test
    void finalNoAsQuestion() {
        QueryAnalysis a = Analyzers.analyze("どうして空は青いの");
        assertThat(a.feature(Feature.JA_QUESTION_ENDING)).isEqualTo(1.0);
    }

    @Test
    void englishFeaturesAreZeroForJapanese() {
        QueryAnalysis a = Analyzers.analyze("この本を読んでみたいと思っていますが、どこで買えますか？");
        for (Feature f : Feature.values()) {
            if (f.name().startsWith("EN_")) {
                assertThat(a.feature(f)).as(f.name()).isZero();
            }
        }
        assertThat(a.feature(Feature.JA_FUNCTION_WORD_RATIO)).isGreaterThan(0.5);
    }
}
