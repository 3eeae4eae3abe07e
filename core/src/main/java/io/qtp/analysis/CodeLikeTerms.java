package io.qtp.analysis;

/**
 * Recognises terms that look like code, identifiers or machine-made codes rather than words. Such terms
 * are what people paste into a search box when they look something up (a class name, an error code, a file
 * name), so they signal a keyword query.
 *
 * <p>A term (an ASCII piece of the text, with wrapping quotes, brackets and trailing sentence punctuation
 * removed) is code-like when any of these holds:
 * <ul>
 *   <li>it contains {@code ::} {@code ->} {@code =>} {@code ()} {@code []} {@code {}} {@code &&}
 *       {@code ||} {@code ==} {@code !=}, or one of the characters {@code = ; { } < > \ ` |}, or {@code $}
 *       before a letter or brace ({@code $HOME}, {@code ${x}});
 *   <li>it is a path or URL: starts with {@code /}, {@code ./}, {@code ~/}, or contains {@code ://};
 *       or a command-line flag {@code --name};
 *   <li>an underscore joins two letters or digits ({@code max_connections}, {@code ERR_CONNECTION_REFUSED});
 *   <li>a dot joins two letters or digits, and the term has two dots or a segment with a letter
 *       ({@code java.lang.Foo}, {@code pom.xml}, {@code Node.js}, {@code 3.2.1}; not {@code 3.5}), unless
 *       every segment is a single letter (the abbreviations {@code e.g}, {@code U.S});
 *   <li>camelCase (a lower-case start and a later capital: {@code useEffect}, {@code getUser}) or
 *       PascalCase with at least two inner lower-to-upper steps ({@code OutOfMemoryError}; a single step
 *       as in {@code PostgreSQL} or {@code JavaScript} is a product name, not necessarily code);
 *   <li>an error code: 1-6 capitals, an optional hyphen, 3+ digits, optional further hyphen-digit groups
 *       ({@code E1234}, {@code ORA-00942}, {@code CVE-2021-44228}); or a hexadecimal literal {@code 0x1F}.
 * </ul>
 * A three-digit status code after {@code HTTP}, {@code status}, {@code error} or {@code code}
 * ({@code HTTP 404}) is judged by the caller, which knows the previous term.
 */
final class CodeLikeTerms {
    private CodeLikeTerms() {
    }

    /** Leading characters that wrap a term without belonging to it. */
    private static final String LEADING_WRAPPERS = "\"'([{<*+";
    /** Trailing characters that close a term or end a sentence. */
    private static final String TRAILING_WRAPPERS = "\"')]}>,;:!?.*";

    /** Whether {@code s[start, end)} (ASCII only) looks like code. */
    static boolean isCodeLike(CharSequence s, int start, int end) {
        // operators first: "foo()" or "a->b" must be seen before trailing ")" or ">" are trimmed
        if (end - start >= 2 && hasOperator(s, start, end)) {
            return true;
        }
        while (start < end && LEADING_WRAPPERS.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && TRAILING_WRAPPERS.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end - start < 2) {
            return false;
        }
        return isPathOrFlag(s, start, end)
                || hasJoiner(s, start, end, '_')
                || isDottedName(s, start, end)
                || isCamelCase(s, start, end)
                || isErrorCode(s, start, end)
                || isHex(s, start, end);
    }

    /** A three-digit HTTP-like status code (100-599), for {@code HTTP 404}. */
    static boolean isStatusCode(CharSequence s, int start, int end) {
        return end - start == 3 && s.charAt(start) >= '1' && s.charAt(start) <= '5'
                && isDigit(s.charAt(start + 1)) && isDigit(s.charAt(start + 2));
    }

    private static boolean hasOperator(CharSequence s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '=', ';', '{', '}', '<', '>', '\\', '`', '|':
                    return true;
                case '$':
                    if (i + 1 < end && (isLetter(s.charAt(i + 1)) || s.charAt(i + 1) == '{')) {
                        return true;
                    }
                    break;
                case ':':
                    if (i + 1 < end && s.charAt(i + 1) == ':') {
                        return true;
                    }
                    break;
                case '(':
                    if (i + 1 < end && s.charAt(i + 1) == ')' && i > start) {
                        return true;
                    }
                    break;
                case '[':
                    if (i + 1 < end && s.charAt(i + 1) == ']' && i > start) {
                        return true;
                    }
                    break;
                case '&':
                    if (i + 1 < end && s.charAt(i + 1) == '&') {
                        return true;
                    }
                    break;
                case '!':
                    if (i + 1 < end && s.charAt(i + 1) == '=') {
                        return true;
                    }
                    break;
                default:
                    break;
            }
        }
        return false;
    }

    private static boolean isPathOrFlag(CharSequence s, int start, int end) {
        char c0 = s.charAt(start);
        char c1 = s.charAt(start + 1);
        if (c0 == '/' && isLetterOrDigit(c1)) {
            return true;
        }
        if ((c0 == '.' || c0 == '~') && c1 == '/') {
            return true;
        }
        if (c0 == '-' && c1 == '-' && end - start > 2 && isLetter(s.charAt(start + 2))) {
            return true;
        }
        for (int i = start; i + 2 < end; i++) {
            if (s.charAt(i) == ':' && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/') {
                return true;
            }
        }
        return false;
    }

    /** {@code joiner} between two letters/digits. */
    private static boolean hasJoiner(CharSequence s, int start, int end, char joiner) {
        for (int i = start + 1; i < end - 1; i++) {
            if (s.charAt(i) == joiner && isLetterOrDigit(s.charAt(i - 1)) && isLetterOrDigit(s.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDottedName(CharSequence s, int start, int end) {
        if (!hasJoiner(s, start, end, '.')) {
            return false;
        }
        int dots = 0;
        boolean letterSegment = false;
        boolean allSingleLetters = true; // e.g, U.S.A: an abbreviation
        boolean segmentHasLetter = false;
        int segmentLength = 0;
        for (int i = start; i <= end; i++) {
            char c = i < end ? s.charAt(i) : '.';
            if (c == '.') {
                if (i < end) {
                    dots++;
                }
                letterSegment |= segmentHasLetter;
                allSingleLetters &= segmentLength == 1 && segmentHasLetter;
                segmentHasLetter = false;
                segmentLength = 0;
            } else {
                segmentLength++;
                segmentHasLetter |= isLetter(c);
            }
        }
        return (dots >= 2 || letterSegment) && !allSingleLetters;
    }

    private static boolean isCamelCase(CharSequence s, int start, int end) {
        int steps = 0;
        for (int i = start + 1; i < end; i++) {
            if (isUpper(s.charAt(i)) && isLower(s.charAt(i - 1))) {
                steps++;
            }
        }
        return isLower(s.charAt(start)) ? steps >= 1 : steps >= 2;
    }

    private static boolean isErrorCode(CharSequence s, int start, int end) {
        int i = start;
        while (i < end && isUpper(s.charAt(i))) {
            i++;
        }
        int letters = i - start;
        if (letters < 1 || letters > 6) {
            return false;
        }
        if (i < end && s.charAt(i) == '-') {
            i++;
        }
        int digitsStart = i;
        while (i < end && isDigit(s.charAt(i))) {
            i++;
        }
        if (i - digitsStart < 3) {
            return false;
        }
        while (i < end) { // further "-digits" groups
            if (s.charAt(i) != '-' || i + 1 >= end || !isDigit(s.charAt(i + 1))) {
                return false;
            }
            i++;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
            }
        }
        return true;
    }

    private static boolean isHex(CharSequence s, int start, int end) {
        if (end - start < 3 || s.charAt(start) != '0' || (s.charAt(start + 1) != 'x' && s.charAt(start + 1) != 'X')) {
            return false;
        }
        for (int i = start + 2; i < end; i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLetter(char c) {
        return isLower(c) || isUpper(c);
    }

    private static boolean isLetterOrDigit(char c) {
        return isLetter(c) || isDigit(c);
    }
}
