package io.qtp.dataset;

import java.util.List;

/** The label set and the language codes of the data set. */
public final class QueryTypes {
    private QueryTypes() {
    }

    /** The three labels, in the order used for output and statistics. */
    public enum Type {
        KEYWORD, SEMANTIC, HYBRID;

        /** The label as written in the data: lower case. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Type of(String label) {
            for (Type t : values()) {
                if (t.label().equals(label)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown query type: " + label);
        }
    }

    public static final String JA = "ja";
    public static final String EN = "en";
    public static final List<String> LANGUAGES = List.of(JA, EN);
    public static final List<String> LABELS = List.of("keyword", "semantic", "hybrid");
}
