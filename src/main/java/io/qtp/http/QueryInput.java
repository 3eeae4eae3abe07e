package io.qtp.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.qtp.analysis.QueryText;

/**
 * Input rules of docs/RELIABILITY.md "Strict input", shared by every route that takes text (predictions and their batches, feedback,
 * search, documents): a query is a required string, HTML tags are stripped, control characters and lone surrogates
 * are rejected, invisible characters are trimmed, and 1 to 1000 characters remain. Each violation is an
 * {@link ApiException} naming the field (and the position, for a bad character), so the client learns exactly what
 * to fix.
 *
 * <p>"Invisible" ({@link #isInvisible}): whitespace (including U+3000 and the no-break spaces), every space or
 * separator (Unicode Zs, Zl, Zp), every format character (Cf: zero-width space, joiners, bidi marks, the BOM U+FEFF,
 * soft hyphen) and the other default-ignorable code points (variation selectors, combining grapheme joiner, Hangul
 * fillers). They are trimmed from both ends; a text of nothing else is empty. A text must also carry something to
 * read ({@link #hasContent}): at least one letter, digit, punctuation mark or symbol (U+FFFD, the decoder's
 * replacement character, does not count), not only combining marks or private-use characters. Such a text cannot
 * be classified meaningfully, and the embedding model rejects it (the search would otherwise fail with a 503 that
 * invites a retry that can never succeed).
 *
 * <p>Hand-written rather than Bean Validation because the value is transformed (tags stripped, trimmed) before it
 * is checked, and the messages name array positions and character indexes; the character classes come from
 * {@link Character#getType}, with the default-ignorable code points that are not format characters listed from
 * Unicode's DerivedCoreProperties.txt (the JDK has no API for that property).
 */
public final class QueryInput {

    public static final int MAX_QUERY_LENGTH = 1000;
    public static final int MAX_BATCH_SIZE = 100;
    public static final int MAX_USER_ID_LENGTH = 256;

    /** An HTML tag or comment: a '<' followed by a tag name (so "x < 5 and y > 3" is left alone). */
    private static final Pattern HTML = Pattern.compile("<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\\s[^<>]*)?/?>",
            Pattern.DOTALL);

    private QueryInput() {
    }

    /**
     * Validates and cleans one query; {@code field} names it in error messages (e.g. {@code queries[3]}). The
     * result is {@link QueryText#normalize normalised}: the one query value the cache key, the analysis, the query
     * log, the search and the answer's {@code query} all use.
     */
    public static String cleanQuery(String raw, String field) {
        if (raw == null) {
            throw ApiException.validation(field + " is required and must be a string");
        }
        rejectLoneSurrogates(raw, field);
        rejectControlCharacters(raw, field);
        String s = raw.indexOf('<') >= 0 ? HTML.matcher(raw).replaceAll("") : raw;
        s = trimInvisible(s);
        if (s.isEmpty()) {
            throw ApiException.validation(field + " must not be empty");
        }
        requireContent(s, field);
        if (s.length() > MAX_QUERY_LENGTH && s.codePointCount(0, s.length()) > MAX_QUERY_LENGTH) {
            throw ApiException.validation(field + " must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        return QueryText.normalize(s);
    }

    public static List<String> cleanBatch(List<String> raw) {
        if (raw == null) {
            throw ApiException.validation("queries is required and must be an array of strings");
        }
        if (raw.isEmpty() || raw.size() > MAX_BATCH_SIZE) {
            throw ApiException.validation("queries must contain 1 to " + MAX_BATCH_SIZE + " items, got " + raw.size());
        }
        List<String> cleaned = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            cleaned.add(cleanQuery(raw.get(i), "queries[" + i + "]"));
        }
        return cleaned;
    }

    /** An optional user id: at most 256 characters, no control characters or lone surrogates; blank means absent. */
    public static String cleanUserId(String raw) {
        return cleanOptionalId(raw, "userId", MAX_USER_ID_LENGTH);
    }

    /**
     * An optional identifier ({@code userId}, {@code clickedResultId}): no control characters or lone surrogates,
     * invisible characters trimmed, at most {@code max} characters; null when absent or nothing is left.
     */
    public static String cleanOptionalId(String raw, String field, int max) {
        if (raw == null) {
            return null;
        }
        rejectLoneSurrogates(raw, field);
        rejectControlCharacters(raw, field);
        String s = trimInvisible(raw);
        if (s.length() > max) {
            throw ApiException.validation(field + " must be at most " + max + " characters");
        }
        return s.isEmpty() ? null : s;
    }

    /**
     * A required identifier (a document id): no control characters or lone surrogates, invisible characters trimmed,
     * then 1 to {@code max} characters with something to read ({@link #hasContent}).
     */
    public static String cleanRequiredId(String raw, String field, int max) {
        rejectLoneSurrogates(raw, field);
        rejectControlCharacters(raw, field);
        String s = trimInvisible(raw);
        if (s.isEmpty()) {
            throw ApiException.validation(field + " must not be empty");
        }
        requireContent(s, field);
        if (s.length() > max) {
            throw ApiException.validation(field + " must be at most " + max + " characters");
        }
        return s;
    }

    /**
     * A required free text (a document's content): no lone surrogates, not empty once invisible characters are
     * trimmed, and something to read ({@link #hasContent}). The text itself is kept as sent.
     */
    public static void checkText(String raw, String field) {
        rejectLoneSurrogates(raw, field);
        if (trimInvisible(raw).isEmpty()) {
            throw ApiException.validation(field + " must not be empty");
        }
        requireContent(raw, field);
    }

    /** Rejects C0/C1 control characters other than tab, line feed and carriage return (treated as spaces). */
    public static void rejectControlCharacters(String s, String field) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
                throw ApiException.validation(field + " must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + " at index " + i + ")");
            }
        }
    }

    /**
     * Rejects a UTF-16 surrogate that is not half of a pair (JSON can carry one as {@code "\ud800"}): it is not a
     * character, cannot be encoded in UTF-8, and would be stored or echoed as garbage. The index is the position in
     * the string as received, counted in UTF-16 code units (JSON's own unit).
     */
    public static void rejectLoneSurrogates(String s, String field) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.validation(field + " must not contain a lone surrogate (found U+"
                        + String.format("%04X", (int) c) + " at index " + i + ")");
            }
        }
    }

    /** Trims invisible characters ({@link #isInvisible}) from both ends. */
    public static String trimInvisible(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int cp = s.codePointAt(start);
            if (!isInvisible(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = s.codePointBefore(end);
            if (!isInvisible(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }

    /** Whitespace, a space or separator (Zs, Zl, Zp), a format character (Cf) or another default-ignorable code point. */
    public static boolean isInvisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || isOtherDefaultIgnorable(cp);
    }

    /** Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt) minus the format characters. */
    private static boolean isOtherDefaultIgnorable(int cp) {
        return cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164
                || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    /**
     * True when the text has at least one letter, digit, punctuation mark or symbol (or a spacing or enclosing mark),
     * other than U+FFFD: something that can be read, classified and embedded.
     */
    public static boolean hasContent(String s) {
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0xFFFD) {
                continue;
            }
            switch (Character.getType(cp)) {
                case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                        Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.COMBINING_SPACING_MARK,
                        Character.ENCLOSING_MARK, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
                        Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
                        Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                        Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL,
                        Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> {
                    return true;
                }
                default -> {
                    // marks without a base, private use, unassigned, invisible: nothing to read on their own
                }
            }
        }
        return false;
    }

    private static void requireContent(String s, String field) {
        if (!hasContent(s)) {
            throw ApiException.validation(field + " must contain at least one letter, digit, punctuation mark or symbol"
                    + " (not only invisible characters, combining marks or private-use characters)");
        }
    }
}
