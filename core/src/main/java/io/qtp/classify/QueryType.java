package io.qtp.classify;

import java.util.Locale;

/** The three query types. Their lower-case labels are the label set everywhere: API, model, metrics, data. */
public enum QueryType {
    KEYWORD, SEMANTIC, HYBRID;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case label used on the wire, in metrics and in data files. */
    public String label() {
        return label;
    }

    /** Parses a label ({@code keyword}, {@code semantic}, {@code hybrid}), ignoring case and surrounding space. */
    public static QueryType fromLabel(String label) {
        if (label != null) {
            String l = label.strip().toLowerCase(Locale.ROOT);
            for (QueryType t : values()) {
                if (t.label.equals(l)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown query type: " + label);
    }
}
