package io.qtp.search;

import java.util.Locale;

/** The retrieval strategies of docs/SEARCH.md; {@link Fusion} defines how each ranks the candidates. */
public enum Strategy {
    /** Full-text rank only. */
    KEYWORD,
    /** Cosine similarity only (pgvector {@code <=>}, HNSW). */
    VECTOR,
    /** Convex combination of min-max normalised keyword and vector scores. */
    WEIGHTED,
    /** Reciprocal rank fusion, k = 60. */
    RRF,
    /** Keyword candidates, re-ranked by cosine similarity. */
    KEYWORD_FIRST,
    /** Vector candidates, re-ranked by full-text rank. */
    VECTOR_FIRST;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The wire name: keyword, vector, weighted, rrf, keyword-first, vector-first. */
    public String label() {
        return label;
    }

    public static Strategy fromLabel(String label) {
        if (label != null) {
            String l = label.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Strategy s : values()) {
                if (s.label.equals(l)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown strategy: " + label
                + " (keyword, vector, weighted, rrf, keyword-first, vector-first)");
    }
}
