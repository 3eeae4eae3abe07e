package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryTextTest {

    /** The scan-only path and the regular expression agree on every input; normalised text comes back as is. */
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u3000b", "a\u00A0b", "\u3000検索\u3000",
            "ニューラル ネットワーク", "x\n", "😀 😀", "a \u200B b", "\u2028a"})
    void scanAgreesWithTheExpressionAndKeepsNormalText(String q) {
        String expected = q.replaceAll("[\\p{javaWhitespace}\\p{javaSpaceChar}]+", " ").strip();
        String got = QueryText.normalize(q);
        assertThat(got).isEqualTo(expected);
        assertThat(QueryText.isNormal(q)).isEqualTo(q.equals(expected));
        if (q.equals(expected)) {
            assertThat(got).isSameAs(q);
        }
        assertThat(QueryText.normalize(got)).isSameAs(got);
    }
}
