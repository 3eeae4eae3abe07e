package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CharsTest {

    @Test
    void whitespaceIsTheJdksWhitespaceOrSpaceOnEveryCodePoint() {
        int differ = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            boolean jdk = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            if (Chars.isWhitespace(cp) != jdk) {
                differ++;
            }
        }
        assertThat(differ).isZero();
        assertThat(Chars.isWhitespace(' ')).isTrue();
        assertThat(Chars.isWhitespace('\u3000')).isTrue(); // ideographic space
        assertThat(Chars.isWhitespace('\u00A0')).isTrue(); // no-break space: a space character, not whitespace
        assertThat(Chars.isWhitespace('a')).isFalse();
    }
}
