package io.qtp.analysis;

import java.util.regex.Pattern;

/**
 * The one normalisation of a query's text, shared by everything that reads a query: the analysis
 * ({@link QueryAnalyzer#analyze} applies it first), and in the service the prediction cache's key, the query log and
 * the search, which all receive the text the input rules already normalised with it. Because the cache key is the
 * very text the analysis reads, two queries share a cached answer only when the model cannot tell them apart.
 *
 * <p>Whitespace only: leading and trailing whitespace is removed and every run of whitespace ({@link
 * Character#isWhitespace(int)} or {@link Character#isSpaceChar(int)}: tab, line feed, the ideographic space U+3000,
 * the no-break spaces) becomes one U+0020. Case is kept (it can change the type of a code-like query), and so is the
 * width of the characters: no NFKC. On the test split (data/query-types/test.jsonl, 4,143 rows) with the bundled
 * model, NFKC before the analysis lowers macro-F1 from 0.9082 to 0.9077 (it changes 6 answers: full-width
 * punctuation such as {@code ？} is a cue the model was trained with), while whitespace alone changes no answer
 * (0.9082); docs/ARCHITECTURE.md ("One query value"). Full-width forms are still read as half-width where the model
 * expects it: the English tokenizer ({@code QueryAnalyzer}) and the character n-grams ({@code FeatureEncoder}) apply
 * NFKC as features of the text, not to the query's identity.
 *
 * <p>Idempotent: normalising normalised text returns equal text.
 */
public final class QueryText {

    /** A run of whitespace: {@link Character#isWhitespace(int)} or {@link Character#isSpaceChar(int)}. */
    private static final Pattern WHITESPACE = Pattern.compile("[\\p{javaWhitespace}\\p{javaSpaceChar}]+");

    private QueryText() {
    }

    /**
     * The normalised query; {@code null} is the empty string. Text that is normalised already (the common case: the
     * service's input rules normalise before the analysis reads it again) is returned as it is, after one scan and
     * without a regular expression or a copy: this runs on every prediction.
     */
    public static String normalize(String query) {
        if (query == null) {
            return "";
        }
        return isNormal(query) ? query : WHITESPACE.matcher(query).replaceAll(" ").strip();
    }

    /** True when no whitespace leads, trails, repeats or is other than U+0020. */
    static boolean isNormal(String s) {
        boolean afterSpace = true; // the start counts as one: a leading space is not normal
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean space = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            if (space && (cp != ' ' || afterSpace)) {
                return false;
            }
            afterSpace = space;
            i += Character.charCount(cp);
        }
        return s.isEmpty() || !afterSpace;
    }
}
