package io.qtp.search.fusion;

import java.util.List;
import java.util.Locale;

/**
 * The per-query signals the learned fusion reads, in the fixed order of its input vector (docs/SEARCH.md,
 * "Per-query signals", has what each costs). A fusion model stores the names in this order and is refused when they
 * differ from the code's.
 */
public enum Signal {
    /** The query-type model's probability of keyword. */
    P_KEYWORD,
    /** The query-type model's probability of semantic. */
    P_SEMANTIC,
    /** The query-type model's probability of hybrid. */
    P_HYBRID,
    /** 1 for a Japanese query, 0 for English. */
    LANGUAGE_JA,
    /** Word tokens of the query (the analyser's). */
    QUERY_TOKENS,
    /** Distinct lexemes of the text query after the full-text configuration (stop words gone, stemmed). */
    TERMS,
    /** Largest IDF of a query term found in the collection (0 when none is found). */
    IDF_MAX,
    /** Mean IDF of the query terms found in the collection. */
    IDF_MEAN,
    /** Smallest IDF of a query term found in the collection. */
    IDF_MIN,
    /** Sum of the IDF of the query terms found in the collection. */
    IDF_SUM,
    /** Share of the query's lexemes that no document contains (1 when the query has none). */
    MISSING_TERM_SHARE,
    /** The keyword list's top score (BM25, {@code SearchSql.KEYWORD_SCORE}). */
    KEYWORD_TOP1,
    /** The keyword list's score at rank 1 minus rank 10 (the last one when shorter), over the top score. */
    KEYWORD_GAP_1_10,
    /** Standard deviation of the keyword list's top 10 scores, over the top score. */
    KEYWORD_SPREAD_10,
    /** log(1 + documents in the keyword list), the list being cut at the candidate depth. */
    KEYWORD_MATCHES,
    /** The vector list's top cosine similarity. */
    VECTOR_TOP1,
    /** The vector list's similarity at rank 1 minus rank 10. */
    VECTOR_GAP_1_10,
    /** Standard deviation of the vector list's top 10 similarities. */
    VECTOR_SPREAD_10,
    /** Documents in both top-10 lists, over 10. */
    OVERLAP_10,
    /** Cosine similarity of the keyword list's first hit. */
    KEYWORD_TOP1_COSINE,
    /** Keyword score of the vector list's first hit, over the keyword list's top score. */
    VECTOR_TOP1_KEYWORD;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The name in a fusion model's metadata: p_keyword, idf_max, ... */
    public String label() {
        return label;
    }

    public static List<String> labels() {
        return java.util.Arrays.stream(values()).map(Signal::label).toList();
    }

    public static final int COUNT = values().length;
}
