package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RobustnessTest {

    static Stream<Arguments> nastyStrings() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("spaces", "   "),
                Arguments.of("ideographic space", "\u3000"),
                Arguments.of("lone high surrogate", "\uD800"),
                Arguments.of("lone low surrogate inside text", "abc\uDC00def 検索"),
                Arguments.of("right-to-left override", "\u202Eabc"),
                Arguments.of("zero-width spaces", "\u200B\u200B"),
                Arguments.of("combining marks", "e\u0301\u0301\u0301"),
                Arguments.of("emoji", "🔥🚀 検索 😀 search 👍🏽"),
                Arguments.of("emoji only", "😀😀😀"),
                Arguments.of("1500 hiragana", "あ".repeat(1500)),
                Arguments.of("1000-char English", "the quick brown fox jumps over the lazy dog ".repeat(23).substring(0, 1000)),
                Arguments.of("control characters", "abc\u0000\u0001\u0007\u001B[31m def\u007F"),
                Arguments.of("tabs and newlines", "\t\n\r\n"),
                Arguments.of("only punctuation", "?!?!...,,,;;;"),
                Arguments.of("only quotes", "\"\"\"\""),
                Arguments.of("only brackets", "「」『』（）"),
                Arguments.of("mixed scripts", "Привет 你好 مرحبا שלום こんにちは"),
                Arguments.of("BOM and NBSP", "\uFEFF\u00A0query\u00A0"),
                Arguments.of("very long single token", "x".repeat(5000)),
                Arguments.of("long Japanese sentence", "これは非常に長い日本語の文章です。".repeat(80)),
                Arguments.of("html-ish", "<script>alert(1)</script> AND OR NOT"),
                Arguments.of("field colon only", ": :: ::: a:"),
                Arguments.of("digits", "1234567890 ０１２３"),
                Arguments.of("half-width katakana", "ｶﾀｶﾅ ﾃｽﾄ"),
                Arguments.of("surrogate pair cut at the limit", "a".repeat(QueryAnalyzer.MAX_ANALYZED_CHARS - 1) + "😀"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nastyStrings")
    void anyStringGivesAFiniteVector(String name, String query) {
        QueryAnalysis[] result = new QueryAnalysis[1];
        assertThatCode(() -> result[0] = Analyzers.analyze(query)).doesNotThrowAnyException();
        QueryAnalysis a = result[0];
        assertThat(a.query()).isEqualTo(QueryText.normalize(query));
        assertThat(a.language()).isNotNull();
        assertThat(a.tokens()).isNotNull().doesNotContainNull();
        double[] f = a.features();
        assertThat(f).hasSize(Feature.count());
        for (Feature feature : Feature.values()) {
            double v = f[feature.ordinal()];
            assertThat(Double.isFinite(v)).as(feature.name() + " = " + v).isTrue();
            assertThat(v).as(feature.name()).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void nullIsTreatedAsEmpty() {
        QueryAnalysis a = Analyzers.analyze(null);
        assertThat(a.query()).isEmpty();
        assertThat(a.features()).containsOnly(0.0);
        assertThat(a.tokens()).isEmpty();
    }

    @Test
    void blankInputHasAnAllZeroVector() {
        assertThat(Analyzers.analyze("\u3000 \u200B").features()).containsOnly(0.0);
    }

    @Test
    void ratiosStayWithinUnitInterval() {
        for (String q : new String[] {"AB cd\u300012 x!", "梅雨とは何季の一種か?", "kubernetes AND helm", "x".repeat(300)}) {
            QueryAnalysis a = Analyzers.analyze(q);
            for (Feature f : Feature.values()) {
                if (f != Feature.CHAR_COUNT && f != Feature.TOKEN_COUNT && f != Feature.TERM_COUNT
                        && f != Feature.AVG_TOKEN_LENGTH) {
                    assertThat(a.feature(f)).as(q + " " + f).isBetween(0.0, 1.0);
                }
            }
        }
    }
}
