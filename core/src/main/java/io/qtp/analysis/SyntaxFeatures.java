package io.qtp.analysis;

/**
 * Search-syntax features, the same for both languages: quoted phrases, boolean operators, field syntax,
 * search operators and code-like terms. Works on the stripped text with index ranges (no regular
 * expressions, no substrings): terms are the whitespace-separated pieces of the text.
 */
final class SyntaxFeatures {
    private SyntaxFeatures() {
    }

    /**
     * Result of {@link #scan}: the flags are written to the vector, the counts returned for the code ratio.
     *
     * @param pieces    terms further split at ASCII/non-ASCII boundaries
     * @param codeTerms code-like pieces
     */
    record Counts(int pieces, int codeTerms) {
    }

    /**
     * Writes {@link Feature#TERM_COUNT}, {@link Feature#TERM_COUNT_NORM}, {@link Feature#QUOTED_PHRASE},
     * {@link Feature#FULLY_QUOTED}, {@link Feature#BOOLEAN_OPERATOR},
     * {@link Feature#FIELD_SYNTAX}, {@link Feature#SEARCH_OPERATOR} and returns the counts behind
     * {@link Feature#CODE_TOKEN_RATIO}, whose denominator also needs the language's word-token count.
     */
    static Counts scan(String text, double[] f) {
        f[Feature.QUOTED_PHRASE.ordinal()] = hasQuotedPhrase(text) ? 1 : 0;
        f[Feature.FULLY_QUOTED.ordinal()] = isFullyQuoted(text) ? 1 : 0;

        int terms = 0;
        int pieces = 0;
        int codeTerms = 0;
        int operators = 0;
        boolean field = false;
        boolean searchOperator = false;
        int prevStart = -1;
        int prevEnd = -1;
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSeparator(text, i)) {
                i += Character.charCount(text.codePointAt(i));
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !isSeparator(text, i)) {
                i += Character.charCount(text.codePointAt(i));
            }
            int end = i;
            terms++;

            if (isBooleanOperator(text, start, end)) {
                operators++;
            }
            field |= isField(text, start, end);
            searchOperator |= isSearchOperator(text, start, end);

            // Code detection runs on the ASCII pieces: "java.lang.OutOfMemoryErrorが発生" is an
            // identifier followed by Japanese, and only the identifier can be code.
            int p = start;
            while (p < end) {
                boolean ascii = text.charAt(p) < 0x80;
                int q = p;
                while (q < end && (text.charAt(q) < 0x80) == ascii) {
                    q++;
                }
                pieces++;
                if (ascii && (CodeLikeTerms.isCodeLike(text, p, q)
                        || (CodeLikeTerms.isStatusCode(text, p, q) && isStatusContext(text, prevStart, prevEnd)))) {
                    codeTerms++;
                }
                prevStart = p;
                prevEnd = q;
                p = q;
            }
        }
        // an operator needs something to operate on: a lone "OR" is an acronym, not boolean syntax
        f[Feature.BOOLEAN_OPERATOR.ordinal()] = operators > 0 && terms > operators ? 1 : 0;
        f[Feature.TERM_COUNT.ordinal()] = terms;
        f[Feature.TERM_COUNT_NORM.ordinal()] = Math.min(terms, 30) / 30.0;
        f[Feature.FIELD_SYNTAX.ordinal()] = field ? 1 : 0;
        f[Feature.SEARCH_OPERATOR.ordinal()] = searchOperator ? 1 : 0;
        return new Counts(pieces, codeTerms);
    }

    private static boolean isSeparator(String text, int i) {
        return Chars.isWhitespace(text.codePointAt(i));
    }

    // ------------------------------------------------------------------ quotes

    private static final String OPENING_QUOTES = "\"“「『＂";
    private static final String CLOSING_QUOTES = "\"”」』＂";

    /** A non-blank stretch between an opening quote and its closing partner. */
    static boolean hasQuotedPhrase(String text) {
        for (int i = 0; i < text.length(); i++) {
            int kind = OPENING_QUOTES.indexOf(text.charAt(i));
            if (kind < 0) {
                continue;
            }
            int close = text.indexOf(CLOSING_QUOTES.charAt(kind), i + 1);
            if (close > i + 1 && !Chars.isBlank(text.subSequence(i + 1, close))) {
                return true;
            }
            if (close > i) {
                i = close; // an empty pair "" : continue after it
            }
        }
        return false;
    }

    /** The whole text is one quoted phrase: opens and closes with a matching pair and has no quote of that kind inside. */
    static boolean isFullyQuoted(String text) {
        int n = text.length();
        if (n < 3) {
            return false;
        }
        int kind = OPENING_QUOTES.indexOf(text.charAt(0));
        if (kind < 0 || text.charAt(n - 1) != CLOSING_QUOTES.charAt(kind)) {
            return false;
        }
        char open = OPENING_QUOTES.charAt(kind);
        char close = CLOSING_QUOTES.charAt(kind);
        for (int i = 1; i < n - 1; i++) {
            char c = text.charAt(i);
            if (c == open || c == close) {
                return false;
            }
        }
        return !Chars.isBlank(text.subSequence(1, n - 1));
    }

    // ------------------------------------------------------------------ operators and fields

    /** Upper-case AND / OR / NOT as a term of its own, parentheses around it ignored ("(NOT"). */
    static boolean isBooleanOperator(String text, int start, int end) {
        while (start < end && text.charAt(start) == '(') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ')') {
            end--;
        }
        return text.startsWith("AND", start) && end - start == 3
                || text.startsWith("OR", start) && end - start == 2
                || text.startsWith("NOT", start) && end - start == 3;
    }

    /**
     * {@code key:value}. The key is ASCII ({@code [A-Za-z][A-Za-z0-9_.-]*}), optionally after a
     * {@code +}, {@code -} or {@code (}; the value is non-empty and does not start with {@code /} or
     * {@code :} (which excludes URLs, {@code std::vector} and drive letters like {@code C:\}); a
     * one-letter key followed by a backslash is a drive letter too. {@code 12:30} has no letter key.
     */
    static boolean isField(String text, int start, int end) {
        while (start < end && "+-(".indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        if (start >= end || !isAsciiLetter(text.charAt(start))) {
            return false;
        }
        int i = start + 1;
        while (i < end) {
            char c = text.charAt(i);
            if (isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-') {
                i++;
            } else {
                break;
            }
        }
        if (i >= end - 1 || text.charAt(i) != ':') {
            return false; // no colon, or nothing after it
        }
        char first = text.charAt(i + 1);
        if (first == '/' || first == ':' || first == '\\') {
            return false;
        }
        return !Chars.isBlank(text.subSequence(i + 1, end));
    }

    /**
     * {@code +term}, {@code -term} (a letter or quote right after the sign; {@code -1} is a number),
     * a wildcard star after a letter ({@code kube*}, {@code data*base}), or a fuzzy tilde ({@code color~}).
     */
    static boolean isSearchOperator(String text, int start, int end) {
        if (end - start < 2) {
            return false;
        }
        char c0 = text.charAt(start);
        char c1 = text.charAt(start + 1);
        if ((c0 == '+' || c0 == '-') && (Character.isLetter(c1) || c1 == '"')) {
            return true;
        }
        for (int i = start + 1; i < end; i++) {
            char c = text.charAt(i);
            if ((c == '*' || c == '~') && Character.isLetterOrDigit(text.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static final String[] STATUS_CONTEXT = {"http", "https", "status", "error", "code", "エラー"};

    private static boolean isStatusContext(String text, int start, int end) {
        if (start < 0) {
            return false;
        }
        for (String word : STATUS_CONTEXT) {
            if (end - start == word.length() && text.regionMatches(true, start, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
