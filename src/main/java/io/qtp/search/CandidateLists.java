package io.qtp.search;

import java.util.List;
import java.util.Map;

/**
 * What the database answers for one query, from which {@link Fusion} ranks every strategy without another round
 * trip: the keyword list (full-text rank, best first), the vector list (cosine similarity, best first), both
 * limited to the candidate depth, and both scores of every document in either list.
 *
 * @param scores id -> {keyword rank, cosine similarity}; a document that does not match the text query has
 *               keyword rank 0
 * @param terms  the query terms' collection statistics, read with the keyword list ({@link TermStatistics#NONE}
 *               when there was no keyword query)
 */
public record CandidateLists(List<Hit> keyword, List<Hit> vector, Map<String, double[]> scores, TermStatistics terms) {

    public static final CandidateLists EMPTY = new CandidateLists(List.of(), List.of(), Map.of());

    public CandidateLists(List<Hit> keyword, List<Hit> vector, Map<String, double[]> scores) {
        this(keyword, vector, scores, TermStatistics.NONE);
    }

    public double keywordScore(String id) {
        double[] s = scores.get(id);
        return s == null ? 0 : s[0];
    }

    public double vectorScore(String id) {
        double[] s = scores.get(id);
        return s == null ? 0 : s[1];
    }
}
