package io.qtp.analysis;

/**
 * Decides between Japanese and English from the script of the text alone (no statistical language model:
 * the two supported languages differ in script, and this runs on every request).
 *
 * <p>The rule, in order:
 * <ol>
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

    /** The language of {@code text} by the rule above; {@code null} and blank text are English. */
    public static Language detect(String text) {
        return text == null ? Language.EN : fromStats(TextStats.of(text));
    }

    static Language fromStats(TextStats s) {
        if (s.kana() > 0) {
            return Language.JA;
        }
        if (s.kanji > 0 && s.kanjiRuns >= s.latinRuns) {
            return Language.JA;
        }
        return Language.EN;
    }
}
