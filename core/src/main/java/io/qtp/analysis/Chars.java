package io.qtp.analysis;

/**
 * Code-point classification shared by the analysers. Plain range checks instead of
 * {@link Character.UnicodeScript#of(int)} because they run once per character on the hot path and the
 * scripts we care about (Han, kana, Latin) occupy a handful of fixed blocks.
 */
final class Chars {
    private Chars() {
    }

    /** Han ideographs (CJK unified incl. extensions, compatibility ideographs) and the iteration marks 々 〆 〇. */
    static boolean isKanji(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x20000 && cp <= 0x3FFFF)
                || (cp >= 0x3005 && cp <= 0x3007);
    }

    /** Hiragana block (ぁ..ゟ), which includes the voicing marks ゛゜ and the iteration marks ゝゞ. */
    static boolean isHiragana(int cp) {
        return cp >= 0x3041 && cp <= 0x309F;
    }

    /**
     * Katakana, phonetic extensions and half-width katakana. The prolonged sound mark ー (U+30FC) and the
     * middle dot ・ (U+30FB) sit in this block and are counted as katakana: in practice they occur inside
     * katakana words.
     */
    static boolean isKatakana(int cp) {
        return (cp >= 0x30A0 && cp <= 0x30FF)
                || (cp >= 0x31F0 && cp <= 0x31FF)
                || (cp >= 0xFF66 && cp <= 0xFF9F);
    }

    /** Latin letters: ASCII, Latin-1 and Latin Extended letters, and full-width Ａ..Ｚ ａ..ｚ. */
    static boolean isLatinLetter(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
        }
        if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) {
            return true;
        }
        return ((cp >= 0x00C0 && cp <= 0x024F) || (cp >= 0x1E00 && cp <= 0x1EFF))
                && cp != 0x00D7 && cp != 0x00F7 && Character.isLetter(cp);
    }

    /**
     * Unicode-aware whitespace: everything {@link Character#isWhitespace(int)} accepts (which includes the
     * ideographic space U+3000 and the ASCII controls tab/newline) plus the no-break spaces that
     * {@link Character#isSpaceChar(int)} adds.
     */
    static boolean isWhitespace(int cp) {
        if (cp < 0x80) { // the same answer for ASCII without the two Unicode property look-ups (a hot path)
            return cp == ' ' || cp >= '\t' && cp <= '\r' || cp >= 0x1C && cp <= 0x1F;
        }
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /**
     * Invisible characters that carry no text: format characters (zero-width space, joiners, bidi marks
     * such as U+202E, BOM) and control characters that are not whitespace. The statistics skip them so a
     * query padded with them measures like the same query without them.
     */
    static boolean isIgnorable(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || (type == Character.CONTROL && !isWhitespace(cp));
    }

    /** True when the string holds at least one letter or digit. */
    static boolean hasLetterOrDigit(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; ) {
            int cp = Character.codePointAt(s, i);
            if (Character.isLetterOrDigit(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /** True when the string is empty or only whitespace / ignorable characters. */
    static boolean isBlank(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; ) {
            int cp = Character.codePointAt(s, i);
            if (!isWhitespace(cp) && !isIgnorable(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /**
     * Removes leading and trailing whitespace and ignorable characters (Unicode-aware, unlike
     * {@link String#strip()} which keeps e.g. U+200B). Returns the same instance when nothing is removed.
     */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int cp = s.codePointAt(start);
            if (!isWhitespace(cp) && !isIgnorable(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = s.codePointBefore(end);
            if (!isWhitespace(cp) && !isIgnorable(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return (start == 0 && end == s.length()) ? s : s.substring(start, end);
    }
}
