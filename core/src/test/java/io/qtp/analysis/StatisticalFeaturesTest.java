package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticalFeaturesTest {

    /**
     * "AB cd\u300012 x!": 11 counted characters: 5 letters (A B c d x, 2 upper case), 2 digits, 3 whitespace
     * (space, ideographic space U+3000, space), 1 special (!); 4 terms.
     */
    @Test
    void handcraftedStringHasKnownCounts() {
        QueryAnalysis a = Analyzers.analyze("AB cd\u300012 x!");
        assertThat(a.feature(Feature.CHAR_COUNT)).isEqualTo(11.0);
        assertThat(a.feature(Feature.CHAR_COUNT_NORM)).isCloseTo(11 / 200.0, within(1e-12));
        assertThat(a.feature(Feature.WHITESPACE_RATIO)).isCloseTo(3 / 11.0, within(1e-12));
        assertThat(a.feature(Feature.DIGIT_RATIO)).isCloseTo(2 / 11.0, within(1e-12));
        assertThat(a.feature(Feature.UPPERCASE_RATIO)).isCloseTo(2 / 5.0, within(1e-12));
        assertThat(a.feature(Feature.SPECIAL_CHAR_RATIO)).isCloseTo(1 / 11.0, within(1e-12));
        assertThat(a.feature(Feature.TERM_COUNT)).isEqualTo(4.0);
        // word tokens AB, cd, 12, x (the "!" is not a word)
        assertThat(a.feature(Feature.TOKEN_COUNT)).isEqualTo(4.0);
        assertThat(a.feature(Feature.AVG_TOKEN_LENGTH)).isCloseTo(7 / 4.0, within(1e-12));
        assertThat(a.feature(Feature.AVG_TOKEN_LENGTH_NORM)).isCloseTo(7 / 4.0 / 20, within(1e-12));
    }

    @Test
    void ideographicSpaceIsWhitespaceInJapanese() {
        QueryAnalysis a = Analyzers.analyze("東京\u3000天気");
        assertThat(a.feature(Feature.CHAR_COUNT)).isEqualTo(5.0);
        assertThat(a.feature(Feature.WHITESPACE_RATIO)).isCloseTo(1 / 5.0, within(1e-12));
        assertThat(a.feature(Feature.TERM_COUNT)).isEqualTo(2.0);
        assertThat(a.tokens()).extracting(Token::text).containsExactly("東京", "天気");
    }

    @Test
    void leadingAndTrailingWhitespaceAndInvisibleCharactersAreNotMeasured() {
        QueryAnalysis padded = Analyzers.analyze(" \u200B\u3000python tutorial\t\n");
        QueryAnalysis plain = Analyzers.analyze("python tutorial");
        assertThat(padded.features()).containsExactly(plain.features());
        // the text read is the normalised one (QueryText: whitespace runs collapsed and trimmed); the invisible
        // U+200B is left to the statistics, which skip it
        assertThat(padded.query()).isEqualTo("\u200B python tutorial");
    }

    @Test
    void uniqueTokenRatioIgnoresCase() {
        QueryAnalysis a = Analyzers.analyze("the cat and THE dog");
        assertThat(a.feature(Feature.TOKEN_COUNT)).isEqualTo(5.0);
        assertThat(a.feature(Feature.UNIQUE_TOKEN_RATIO)).isCloseTo(4 / 5.0, within(1e-12));
    }

    @Test
    void countsHaveBoundedTwins() {
        String longQuery = "word ".repeat(100).strip();
        QueryAnalysis a = Analyzers.analyze(longQuery);
        assertThat(a.feature(Feature.TOKEN_COUNT)).isEqualTo(100.0);
        assertThat(a.feature(Feature.TOKEN_COUNT_NORM)).isEqualTo(1.0);
        assertThat(a.feature(Feature.TERM_COUNT)).isEqualTo(100.0);
        assertThat(a.feature(Feature.TERM_COUNT_NORM)).isEqualTo(1.0);
        assertThat(a.feature(Feature.CHAR_COUNT)).isEqualTo(499.0);
        assertThat(a.feature(Feature.CHAR_COUNT_NORM)).isEqualTo(1.0);
        assertThat(a.feature(Feature.UNIQUE_TOKEN_RATIO)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void trailingQuestionMarkHalfAndFullWidth() {
        assertThat(Analyzers.analyze("is it safe?").feature(Feature.TRAILING_QUESTION_MARK)).isEqualTo(1.0);
        assertThat(Analyzers.analyze("安全ですか？").feature(Feature.TRAILING_QUESTION_MARK)).isEqualTo(1.0);
        assertThat(Analyzers.analyze("what? no").feature(Feature.TRAILING_QUESTION_MARK)).isEqualTo(0.0);
    }
}
