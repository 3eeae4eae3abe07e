package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Property-based tests of the analyser on arbitrary strings (jqwik, seeded so that failures reproduce): it never
 * throws, every feature is finite, the language is one of the supported ones and the vector has the declared length.
 */
class AnalyzerPropertiesTest {

    @Property(tries = 3000, seed = "20261125")
    void anyStringAnalyses(@ForAll @StringLength(max = 300) String query) {
        assertWellFormed(query);
    }

    @Property(tries = 3000, seed = "20261126")
    void oddUnicodeAnalyses(@ForAll("oddUnicode") String query) {
        assertWellFormed(query);
    }

    @Property(tries = 200, seed = "20261127")
    void longInputsAnalyse(@ForAll @StringLength(min = 4000, max = 12000) String query) {
        assertWellFormed(query);
    }

    /** Lone surrogates, bidi controls, zero-width and combining characters, emoji sequences, mixed scripts. */
    @Provide
    Arbitrary<String> oddUnicode() {
        Arbitrary<Character> odd = Arbitraries.of('\ud800', '\udbff', '\udc00', '\udfff', '\u200b', '\u200c', '\u200d',
                '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\ufeff', '\u0300', '\u0301', '\u0308',
                '\u036f', '\u3099', '\u309a', '\ufffd', '\uffff', '\u0000', '\u001f', '\u007f', '\u2028', '\u3000',
                'ア', '検', 'ｱ', 'Ａ', 'a', ' ', '.', '"', '<', '\\');
        Arbitrary<Character> any = Arbitraries.chars().all();
        return Arbitraries.oneOf(odd, odd, any).list().ofMaxSize(200).map(cs -> {
            StringBuilder sb = new StringBuilder(cs.size());
            cs.forEach(sb::append);
            return sb.toString();
        });
    }

    private static void assertWellFormed(String query) {
        QueryAnalysis a = Analyzers.analyze(query);
        assertThat(a.language()).isIn((Object[]) Language.values());
        double[] f = a.features();
        assertThat(f).hasSize(Feature.count());
        for (int i = 0; i < f.length; i++) {
            assertThat(Double.isFinite(f[i])).as("feature %s of %s", Feature.values()[i], query).isTrue();
        }
        assertThat(a.tokens()).doesNotContainNull();
    }
}
