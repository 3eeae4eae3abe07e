package io.qtp.analysis;

import java.util.Set;

/**
 * Decides between Japanese and English from the script of the text alone (no statistical language model:
 * the two supported languages differ in script, and this runs on every request).
 *
 * <p>The rule, in order:
 * <ol>
 *   <li>an English frame around one Japanese term is English: the text starts with an English question or
 *       request word ({@code what}, {@code how}, {@code is}, {@code translate} ...), has one run of Japanese
 *       script and at least one more Latin word: {@code what does 木漏れ日 mean}, {@code how to fix 文字化け in
 *       excel} (the labelling guide's "English with a CJK term"; a Japanese query that starts with a name,
 *       {@code Docker コンテナ 起動しない}, or with a word joined to more, {@code IS-LM モデル}, is not one);
 *   <li>any kana (hiragana or katakana) makes the text Japanese: no other language uses them, and a mixed
 *       query such as {@code PostgreSQL ベクトル検索} is a Japanese query with English terms;
 *   <li>kanji without kana is Japanese unless Latin words outnumber the kanji words (runs of kanji counted
 *       against runs of Latin letters, so {@code PostgreSQL 検索} is Japanese but
 *       {@code What does 禅 mean} is English). Chinese is not supported and is analysed as Japanese, which
 *       is the closer of the two;
 *   <li>everything else (Latin text, digits and symbols only, other scripts, the empty string) is English.
 * </ol>
 */
public final class LanguageDetector {
    private LanguageDetector() {
    }

    /** Words that open an English question or request (lower case), for the first rule. */
    static final Set<String> ENGLISH_FRAME = Set.of("what", "whats", "how", "is", "are", "was", "were", "does", "do",
            "did", "can", "could", "should", "would", "where", "why", "when", "which", "who", "whose", "translate",
            "pronounce", "define");

    /** The language of {@code text} by the rule above; {@code null} and blank text are English. */
    public static Language detect(String text) {
        return text == null ? Language.EN : fromStats(TextStats.of(text), text);
    }

    /** The language of {@code text}, whose statistics are {@code s}. */
    static Language fromStats(TextStats s, CharSequence text) {
        if (s.japaneseRuns == 1 && s.latinRuns >= 2 && ENGLISH_FRAME.contains(firstWord(text))) {
            return Language.EN;
        }
        if (s.kana() > 0) {
            return Language.JA;
        }
        if (s.kanji > 0 && s.kanjiRuns >= s.latinRuns) {
            return Language.JA;
        }
        return Language.EN;
    }

    /**
     * The first word of the text when it is Latin letters followed by a space, lower-cased, a contraction read as
     * its first part ("what's" is "what", as the guide reads it); "" otherwise ("IS-LM モデル" has none).
     */
    private static String firstWord(CharSequence text) {
        int i = 0;
        int n = text.length();
        while (i < n && Chars.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < n && i - start <= 10 && Chars.isLatinLetter(text.charAt(i))) {
            i++;
        }
        int end = i;
        if (i + 1 < n && (text.charAt(i) == '\'' || text.charAt(i) == '’') && Chars.isLatinLetter(text.charAt(i + 1))) {
            i++;
            while (i < n && Chars.isLatinLetter(text.charAt(i))) {
                i++; // "'s", "'re", "'ll"
            }
        }
        boolean word = end > start && i < n && Chars.isWhitespace(text.charAt(i));
        return word ? text.subSequence(start, end).toString().toLowerCase(java.util.Locale.ROOT) : "";
    }
}
