package io.qtp.search;

import java.util.List;

/**
 * The query's lexemes (distinct, as the full-text configuration made them) with their document frequency in the
 * collection, and the collection's size: the {@code term_stats} and {@code corpus_stats} tables (Flyway V5), kept
 * current by a trigger on every write to {@code documents}. Read in the same query that chooses the keyword
 * candidates ({@link SearchSql}); {@link #NONE} when the keyword side did not run.
 *
 * @param lexemes   the query's distinct lexemes
 * @param df        per lexeme, how many documents contain it (0: none)
 * @param documents documents in the collection
 */
public record TermStatistics(List<String> lexemes, int[] df, long documents) {

    public static final TermStatistics NONE = new TermStatistics(List.of(), new int[0], 0);

    public TermStatistics {
        lexemes = List.copyOf(lexemes);
        df = df.clone();
        if (df.length != lexemes.size()) {
            throw new IllegalArgumentException(lexemes.size() + " lexemes but " + df.length + " frequencies");
        }
    }

    @Override
    public int[] df() {
        return df.clone();
    }

    public int size() {
        return df.length;
    }

    public int df(int i) {
        return df[i];
    }

    /**
     * Inverse document frequency as BM25 weighs a term (Robertson-Sparck Jones with Lucene's +1, never negative):
     * {@code ln(1 + (N - df + 0.5) / (df + 0.5))}.
     */
    public static double idf(long documents, int df) {
        return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
    }
}
