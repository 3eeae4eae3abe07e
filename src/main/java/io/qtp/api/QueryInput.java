package io.qtp.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Input rules of SPEC section 4: a query is a required string, HTML tags are stripped, control characters
 * are rejected, and 1 to 1000 characters remain after trimming. Each violation is a {@link ApiException}
 * naming the field, so the client learns exactly what to fix.
 *
 * <p>Hand-written rather than Bean Validation because the value is transformed (tags stripped, trimmed)
 * before it is checked, and the messages name array positions.
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

    /** Validates and cleans one query; {@code field} names it in error messages (e.g. {@code queries[3]}). */
    public static String cleanQuery(String raw, String field) {
        if (raw == null) {
            throw ApiException.validation(field + " is required and must be a string");
        }
        rejectControlCharacters(raw, field);
        String s = raw.indexOf('<') >= 0 ? HTML.matcher(raw).replaceAll("") : raw;
        s = s.strip();
        if (s.isEmpty()) {
            throw ApiException.validation(field + " must not be empty");
        }
        if (s.length() > MAX_QUERY_LENGTH && s.codePointCount(0, s.length()) > MAX_QUERY_LENGTH) {
            throw ApiException.validation(field + " must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        return s;
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

    /** An optional user id: at most 256 characters, no control characters. */
    public static String cleanUserId(String raw) {
        if (raw == null) {
            return null;
        }
        rejectControlCharacters(raw, "userId");
        String s = raw.strip();
        if (s.length() > MAX_USER_ID_LENGTH) {
            throw ApiException.validation("userId must be at most " + MAX_USER_ID_LENGTH + " characters");
        }
        return s.isEmpty() ? null : s;
    }

    /** Rejects C0/C1 control characters other than tab, line feed and carriage return (treated as spaces). */
    private static void rejectControlCharacters(String s, String field) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
                throw ApiException.validation(field + " must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + " at index " + i + ")");
            }
        }
    }
}
