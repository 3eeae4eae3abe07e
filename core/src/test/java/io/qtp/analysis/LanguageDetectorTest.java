package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LanguageDetectorTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ニューラルネットワークの学習方法について教えてください | JA
            東京タワーの高さはどれくらいですか                     | JA
            PostgreSQL ベクトル検索 インデックス                  | JA
            Dockerコンテナのメモリ制限を設定する方法を教えてください | JA
            ニューラルネットワーク                                | JA
            ｶﾀｶﾅ                                               | JA
            機械学習                                            | JA
            東京 天気                                           | JA
            PostgreSQL 検索                                     | JA
            What are the best practices for vector search?      | EN
            machine learning algorithm comparison              | EN
            What does 禅 mean in English                        | EN
            12345 !!! ###                                       | EN
            Привет мир                                          | EN
            what does 木漏れ日 mean                               | EN
            how to fix 文字化け in excel csv                     | EN
            what's ラーメン made of                               | EN
            what’s ラーメン made of                               | EN
            I'm Feeling Lucky と書かれたボタンがあるホームページは    | JA
            is a 道の駅 a good place to sleep in a campervan      | EN
            IS-LM モデル 解説                                    | JA
            IS-LM モデル                                        | JA
            what is 機械学習 と 深層学習                           | JA
            what ありがとう                                      | JA
            Docker コンテナ 起動しない                             | JA
            """)
    void detectsFromScript(String text, Language expected) {
        assertThat(LanguageDetector.detect(text)).isEqualTo(expected);
    }

    @Test
    void emptyAndNullAreEnglish() {
        assertThat(LanguageDetector.detect("")).isEqualTo(Language.EN);
        assertThat(LanguageDetector.detect("   ")).isEqualTo(Language.EN);
        assertThat(LanguageDetector.detect(null)).isEqualTo(Language.EN);
    }

    @Test
    void analyzerReportsTheDetectedLanguageAndIndicator() {
        QueryAnalysis ja = Analyzers.analyze("PostgreSQL ベクトル検索 インデックス");
        assertThat(ja.language()).isEqualTo(Language.JA);
        assertThat(ja.feature(Feature.LANGUAGE_JA)).isEqualTo(1.0);
        QueryAnalysis en = Analyzers.analyze("How do I reset my password");
        assertThat(en.language()).isEqualTo(Language.EN);
        assertThat(en.feature(Feature.LANGUAGE_JA)).isEqualTo(0.0);
    }

    @Test
    void aCodeNamesItsLanguage() {
        assertThat(Language.ofCode("ja")).isEqualTo(Language.JA);
        assertThat(Language.ofCode("en")).isEqualTo(Language.EN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Language.ofCode("fr"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown language: fr");
    }
}
