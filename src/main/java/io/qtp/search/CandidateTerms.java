package io.qtp.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which of a query's terms select keyword candidates, from each term's share of the documents as PostgreSQL's
 * statistics know it. A GIN index cannot return the top k by rank, so PostgreSQL ranks every document the candidate
 * query matches: the work grows with the number of matches, and an OR of a question's words matched most of a
 * 100,000-document corpus. A document that only shares common words with the query ranks low anyway (such words
 * carry little information, as an IDF weight would say), so candidates come from the query's uncommon terms, within a
 * budget of estimated matches. Ranking still uses every term of the query.
 *
 * <p>{@code primary}: every term the statistics do not list among the table's most common elements (their share is
 * unknown but below the listed ones'), then listed terms of at most {@link #COMMON_SHARE} of the documents, rarest
 * first, while the estimated matches of the listed terms stay within the budget. {@code fallback}, used when the
 * primary terms match nothing (none of them, or only words absent from the table): the rarest listed terms within the
 * budget, at least one. Without statistics (a new table) no term is listed, so the whole query selects candidates.
 *
 * <p>Hand-written: PostgreSQL's text search has no top-k or term-pruning operator, and no library does this on top.
 *
 * @param primary  lexemes that select candidates; empty when every term is common
 * @param fallback lexemes used when the primary ones match nothing; empty when no term is listed
 */
public record CandidateTerms(List<String> primary, List<String> fallback) {

    /** A listed term in more than this share of the documents does not select candidates in the primary set. */
    public static final double COMMON_SHARE = 0.01;

    /**
     * Estimated documents the listed candidate terms may match together. About 5 microseconds of ranking each on the
     * benchmark machine (docs/BENCHMARKS.md, "Speed at 100,000 documents"), so at most about 25 ms.
     */
    public static final double BUDGET = 5_000;

    /** A lexeme of the query and its share of the documents; {@code share} null when the statistics do not list it. */
    public record Term(String lexeme, Double share) {
    }

    public static CandidateTerms choose(List<Term> terms, double documents) {
        return choose(terms, documents, COMMON_SHARE, BUDGET);
    }

    static CandidateTerms choose(List<Term> terms, double documents, double commonShare, double budget) {
        List<Term> listed = new ArrayList<>();
        List<String> primary = new ArrayList<>();
        for (Term t : terms) {
            if (t.share() == null) {
                primary.add(t.lexeme());
            } else {
                listed.add(t);
            }
        }
        listed.sort(Comparator.comparingDouble(Term::share)); // stable: equal shares keep the given order
        List<String> fallback = new ArrayList<>();
        double estimated = 0;
        for (Term t : listed) {
            estimated += t.share() * Math.max(documents, 0);
            if (!fallback.isEmpty() && estimated > budget) {
                break;
            }
            fallback.add(t.lexeme());
            if (t.share() <= commonShare && estimated <= budget) {
                primary.add(t.lexeme());
            }
        }
        return new CandidateTerms(List.copyOf(primary), List.copyOf(fallback));
    }

    /**
     * The OR of the lexemes as tsquery text, each quoted (quote and backslash escaped as the tsquery syntax wants),
     * so that no lexeme can be read as an operator; null for none (a null tsquery matches nothing).
     */
    public static String tsquery(List<String> lexemes) {
        if (lexemes.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lexemes) {
            if (!sb.isEmpty()) {
                sb.append(" | ");
            }
            sb.append('\'').append(l.replace("\\", "\\\\").replace("'", "''")).append('\'');
        }
        return sb.toString();
    }
}
