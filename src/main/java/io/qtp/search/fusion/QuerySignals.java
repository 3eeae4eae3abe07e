package io.qtp.search.fusion;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.Token;
import io.qtp.classify.QueryType;
import io.qtp.search.CandidateLists;
import io.qtp.search.Hit;
import io.qtp.search.TermStatistics;

/**
 * Computes the {@link Signal}s of one query from what a fused search has anyway: the type prediction, the query
 * terms' collection statistics (read with the keyword candidates) and the two candidate lists. Pure arithmetic on
 * at most a few hundred numbers: no I/O.
 */
public final class QuerySignals {

    static final int TOP = 10;

    private QuerySignals() {
    }

    /**
     * @param probabilities the query-type probabilities, indexed by {@link QueryType#ordinal()}
     * @param language      the query's language
     * @param queryTokens   the analyser's word tokens of the query
     * @param c             both candidate lists (each best first) and the term statistics
     * @return one value per {@link Signal}, in its order
     */
    public static double[] compute(double[] probabilities, Language language, int queryTokens, CandidateLists c) {
        double[] s = new double[Signal.COUNT];
        s[Signal.P_KEYWORD.ordinal()] = probabilities[QueryType.KEYWORD.ordinal()];
        s[Signal.P_SEMANTIC.ordinal()] = probabilities[QueryType.SEMANTIC.ordinal()];
        s[Signal.P_HYBRID.ordinal()] = probabilities[QueryType.HYBRID.ordinal()];
        s[Signal.LANGUAGE_JA.ordinal()] = language == Language.JA ? 1 : 0;
        s[Signal.QUERY_TOKENS.ordinal()] = queryTokens;

        TermStatistics t = c.terms();
        s[Signal.TERMS.ordinal()] = t.size();
        double max = 0, min = Double.POSITIVE_INFINITY, sum = 0;
        int found = 0;
        for (int i = 0; i < t.size(); i++) {
            if (t.df(i) > 0) {
                double idf = TermStatistics.idf(t.documents(), t.df(i));
                max = Math.max(max, idf);
                min = Math.min(min, idf);
                sum += idf;
                found++;
            }
        }
        s[Signal.IDF_MAX.ordinal()] = max;
        s[Signal.IDF_MEAN.ordinal()] = found == 0 ? 0 : sum / found;
        s[Signal.IDF_MIN.ordinal()] = found == 0 ? 0 : min;
        s[Signal.IDF_SUM.ordinal()] = sum;
        s[Signal.MISSING_TERM_SHARE.ordinal()] = t.size() == 0 ? 1 : (t.size() - found) / (double) t.size();

        List<Hit> k = c.keyword(), v = c.vector();
        double kTop = k.isEmpty() ? 0 : k.get(0).score();
        s[Signal.KEYWORD_TOP1.ordinal()] = kTop;
        s[Signal.KEYWORD_GAP_1_10.ordinal()] = kTop > 0 ? (kTop - at(k, TOP)) / kTop : 0;
        s[Signal.KEYWORD_SPREAD_10.ordinal()] = kTop > 0 ? spread(k) / kTop : 0;
        s[Signal.KEYWORD_MATCHES.ordinal()] = Math.log1p(k.size());
        s[Signal.VECTOR_TOP1.ordinal()] = v.isEmpty() ? 0 : v.get(0).score();
        s[Signal.VECTOR_GAP_1_10.ordinal()] = v.isEmpty() ? 0 : v.get(0).score() - at(v, TOP);
        s[Signal.VECTOR_SPREAD_10.ordinal()] = spread(v);
        s[Signal.OVERLAP_10.ordinal()] = overlap(k, v) / (double) TOP;
        s[Signal.KEYWORD_TOP1_COSINE.ordinal()] = k.isEmpty() ? 0 : c.vectorScore(k.get(0).id());
        s[Signal.VECTOR_TOP1_KEYWORD.ordinal()] = v.isEmpty() || kTop <= 0 ? 0 : c.keywordScore(v.get(0).id()) / kTop;
        return s;
    }

    /** The analyser's word tokens of a query: its {@link Signal#QUERY_TOKENS}. */
    public static int wordTokens(QueryAnalysis a) {
        int n = 0;
        for (Token t : a.tokens()) {
            if (t.isWord()) {
                n++;
            }
        }
        return n;
    }

    /** The score at rank {@code n} (from 1), or the last one when the list is shorter; 0 for an empty list. */
    private static double at(List<Hit> list, int n) {
        return list.isEmpty() ? 0 : list.get(Math.min(n, list.size()) - 1).score();
    }

    /** Population standard deviation of the top {@value #TOP} scores (0 for fewer than two). */
    private static double spread(List<Hit> list) {
        int n = Math.min(TOP, list.size());
        if (n < 2) {
            return 0;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += list.get(i).score();
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = list.get(i).score() - mean;
            var += d * d;
        }
        return Math.sqrt(var / n);
    }

    private static int overlap(List<Hit> a, List<Hit> b) {
        Set<String> top = new HashSet<>();
        for (int i = 0; i < Math.min(TOP, a.size()); i++) {
            top.add(a.get(i).id());
        }
        int n = 0;
        for (int i = 0; i < Math.min(TOP, b.size()); i++) {
            if (top.contains(b.get(i).id())) {
                n++;
            }
        }
        return n;
    }
}
