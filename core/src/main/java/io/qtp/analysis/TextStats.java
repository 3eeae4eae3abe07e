package io.qtp.analysis;

/**
 * Character statistics of a text, gathered in one pass over its code points: the character part of the
 * statistical family, the script ratios, and the run counts the {@link LanguageDetector} decides on.
 *
 * <p>Format characters and non-whitespace controls ({@link Chars#isIgnorable}) are skipped entirely, so
 * zero-width spaces or bidi marks neither count as characters nor dilute the ratios; so are combining
 * marks, which belong to the character they modify.
 */
final class TextStats {
    /** Counted code points (whitespace included, ignorables excluded). */
    int chars;
    int whitespace;
    int letters;
    int upper;
    int digits;
    /** Neither letter, digit nor whitespace. */
    int special;
    int kanji;
    int hiragana;
    int katakana;
    int latin;
    /** Maximal runs of Latin letters, i.e. roughly the number of Latin words. */
    int latinRuns;
    /** Maximal runs of kanji, i.e. roughly the number of Sino-Japanese words. */
    int kanjiRuns;
    /** Maximal runs of Japanese script (kana and kanji together), i.e. roughly the number of Japanese terms. */
    int japaneseRuns;
    boolean trailingQuestionMark;

    private TextStats() {
    }

    static TextStats of(CharSequence text) {
        TextStats s = new TextStats();
        boolean inLatin = false;
        boolean inKanji = false;
        boolean inJapanese = false;
        int last = -1;
        for (int i = 0, n = text.length(); i < n; ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (Chars.isIgnorable(cp) || isMark(cp)) {
                // invisible characters do not even break a run; combining marks (é as e + U+0301,
                // combining dakuten) belong to the character before them
                continue;
            }
            s.chars++;
            last = cp;
            boolean latin = false;
            boolean kanji = false;
            boolean kana = false;
            if (Chars.isWhitespace(cp)) {
                s.whitespace++;
            } else if (Character.isLetter(cp)) {
                s.letters++;
                if (Character.isUpperCase(cp)) {
                    s.upper++;
                }
                if (Chars.isLatinLetter(cp)) {
                    s.latin++;
                    latin = true;
                } else if (Chars.isKanji(cp)) {
                    s.kanji++;
                    kanji = true;
                } else if (Chars.isHiragana(cp)) {
                    s.hiragana++;
                    kana = true;
                } else if (Chars.isKatakana(cp)) {
                    s.katakana++;
                    kana = true;
                }
            } else if (Character.isDigit(cp)) {
                s.digits++;
            } else if (Chars.isKanji(cp)) {
                s.kanji++; // 〇 is a letter-number, not a letter
                kanji = true;
            } else if (Chars.isKatakana(cp)) {
                s.katakana++; // ・ is punctuation by category but lives inside katakana words
                kana = true;
            } else {
                s.special++;
            }
            if (latin && !inLatin) {
                s.latinRuns++;
            }
            if (kanji && !inKanji) {
                s.kanjiRuns++;
            }
            boolean japanese = kanji || kana;
            if (japanese && !inJapanese) {
                s.japaneseRuns++;
            }
            inLatin = latin;
            inKanji = kanji;
            inJapanese = japanese;
        }
        s.trailingQuestionMark = last == '?' || last == '？';
        return s;
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    int kana() {
        return hiragana + katakana;
    }

    /** Writes the character-level statistical features and the script ratios. */
    void fill(double[] f) {
        f[Feature.CHAR_COUNT.ordinal()] = chars;
        f[Feature.CHAR_COUNT_NORM.ordinal()] = Math.min(chars, 200) / 200.0;
        f[Feature.SPECIAL_CHAR_RATIO.ordinal()] = ratio(special, chars);
        f[Feature.DIGIT_RATIO.ordinal()] = ratio(digits, chars);
        f[Feature.UPPERCASE_RATIO.ordinal()] = ratio(upper, letters);
        f[Feature.WHITESPACE_RATIO.ordinal()] = ratio(whitespace, chars);
        f[Feature.TRAILING_QUESTION_MARK.ordinal()] = trailingQuestionMark ? 1 : 0;

        int visible = chars - whitespace;
        f[Feature.SCRIPT_KANJI.ordinal()] = ratio(kanji, visible);
        f[Feature.SCRIPT_HIRAGANA.ordinal()] = ratio(hiragana, visible);
        f[Feature.SCRIPT_KATAKANA.ordinal()] = ratio(katakana, visible);
        f[Feature.SCRIPT_LATIN.ordinal()] = ratio(latin, visible);
        f[Feature.SCRIPT_DIGIT.ordinal()] = ratio(digits, visible);
        f[Feature.SCRIPT_SYMBOL.ordinal()] = ratio(special, visible);
    }

    /** {@code num / den}, 0 when {@code den} is 0 (an empty text has no ratios, not NaN ones). */
    static double ratio(int num, int den) {
        return den <= 0 ? 0.0 : (double) num / den;
    }
}
