package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScriptFeaturesTest {

    @Test
    void mixedJapaneseQueryHasLatinKatakanaAndKanji() {
        // PostgreSQL (10 Latin) ベクトル (4 katakana) 検索 (2 kanji) インデックス (6 katakana): 22 visible
        QueryAnalysis a = Analyzers.analyze("PostgreSQL ベクトル検索 インデックス");
        assertThat(a.feature(Feature.SCRIPT_LATIN)).isCloseTo(10 / 22.0, within(1e-12));
        assertThat(a.feature(Feature.SCRIPT_KATAKANA)).isCloseTo(10 / 22.0, within(1e-12));
        assertThat(a.feature(Feature.SCRIPT_KANJI)).isCloseTo(2 / 22.0, within(1e-12));
        assertThat(a.feature(Feature.SCRIPT_HIRAGANA)).isZero();
        assertThat(a.feature(Feature.SCRIPT_DIGIT)).isZero();
        assertThat(a.feature(Feature.SCRIPT_SYMBOL)).isZero();
    }

    @Test
    void sentenceIsMostlyHiraganaAndKanji() {
        // 東京タワーの高さはどれくらいですか: 東京 高 (3 kanji), タワー (3 katakana, ー included), 11 hiragana
        QueryAnalysis a = Analyzers.analyze("東京タワーの高さはどれくらいですか");
        assertThat(a.feature(Feature.SCRIPT_KANJI)).isCloseTo(3 / 17.0, within(1e-12));
        assertThat(a.feature(Feature.SCRIPT_KATAKANA)).isCloseTo(3 / 17.0, within(1e-12));
        assertThat(a.feature(Feature.SCRIPT_HIRAGANA)).isCloseTo(11 / 17.0, within(1e-12));
        assertThat(a.feature(Feature.SCRIPT_LATIN)).isZero();
    }

    @Test
    void digitsAndSymbolsAreSeparateScripts() {
        // エラーコード E1234: 6 katakana, 1 Latin, 4 digits; 「」 two symbols
        QueryAnalysis a = Analyzers.analyze("「エラーコード E1234」");
        assertThat(a.feature(Feature.SCRIPT_KATAKANA)).isCloseTo(6 / 13.0, within(1e-12));
        assertThat(a.feature(Feature.SCRIPT_LATIN)).isCloseTo(1 / 13.0, within(1e-12));
        assertThat(a.feature(Feature.SCRIPT_DIGIT)).isCloseTo(4 / 13.0, within(1e-12));
        assertThat(a.feature(Feature.SCRIPT_SYMBOL)).isCloseTo(2 / 13.0, within(1e-12));
    }

    @Test
    void englishIsLatin() {
        QueryAnalysis a = Analyzers.analyze("machine learning");
        assertThat(a.feature(Feature.SCRIPT_LATIN)).isEqualTo(1.0);
        assertThat(a.feature(Feature.SCRIPT_KANJI)).isZero();
    }
}
