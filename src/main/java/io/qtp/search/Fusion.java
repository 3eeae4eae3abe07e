package io.qtp.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks {@link CandidateLists} by a {@link StrategyChoice}. Pure functions, shared by the service and the evaluation,
 * so that what is measured is what serves.
 *
 * <ul>
 *   <li>keyword, vector: the list as the database ranked it;
 *   <li>weighted: over the candidate union U (keyword list + vector list), each score is min-max normalised over
 *       U, {@code n(x) = (x - min_U) / (max_U - min_U)} (1 when all equal and positive, else 0), and documents
 *       rank by {@code wv * n(cosine) + wk * n(keywordRank)};
 *   <li>rrf: {@code sum over the two lists of 1 / (60 + rank)}, rank starting at 1; absent from a list adds 0;
 *   <li>keyword-first: the keyword list re-ranked by cosine similarity (ties keep keyword order); when the text
 *       query matches nothing it answers the vector list;
 *   <li>vector-first: the vector list re-ranked by full-text rank (ties, e.g. no term matched, keep vector order).
 * </ul>
 * Ties of the fused scores break by the better of the two original ranks, then by id, so every ordering is
 * deterministic.
 */
public final class Fusion {

    /** The RRF constant of Cormack et al. (2009). */
    public static final int RRF_K = 60;

    private Fusion() {
    }

    public static List<Hit> rank(CandidateLists c, StrategyChoice choice, int limit) {
        List<Hit> ranked = switch (choice.strategy()) {
            case KEYWORD -> c.keyword();
            case VECTOR -> c.vector();
            case WEIGHTED -> weighted(c, choice.vectorWeight(), choice.keywordWeight());
            case RRF -> rrf(List.of(c.keyword(), c.vector()));
            case KEYWORD_FIRST -> c.keyword().isEmpty() ? c.vector() : rerank(c.keyword(), c::vectorScore);
            case VECTOR_FIRST -> rerank(c.vector(), c::keywordScore);
        };
        return ranked.size() > limit ? List.copyOf(ranked.subList(0, limit)) : ranked;
    }

    /** Min-max normalisation of {@code x} over [min, max]: 1 when the range is empty and max > 0, else 0. */
    public static double minMax(double x, double min, double max) {
        if (max > min) {
            return (x - min) / (max - min);
        }
        return max > 0 ? 1 : 0;
    }

    static List<Hit> weighted(CandidateLists c, double wv, double wk) {
        Set<String> union = union(c);
        double kMin = Double.POSITIVE_INFINITY, kMax = Double.NEGATIVE_INFINITY;
        double vMin = Double.POSITIVE_INFINITY, vMax = Double.NEGATIVE_INFINITY;
        for (String id : union) {
            double k = c.keywordScore(id), v = c.vectorScore(id);
            kMin = Math.min(kMin, k);
            kMax = Math.max(kMax, k);
            vMin = Math.min(vMin, v);
            vMax = Math.max(vMax, v);
        }
        Map<String, Double> fused = new HashMap<>();
        for (String id : union) {
            fused.put(id, wv * minMax(c.vectorScore(id), vMin, vMax) + wk * minMax(c.keywordScore(id), kMin, kMax));
        }
        return sorted(fused, bestRanks(c));
    }

    /** Reciprocal rank fusion of ranked lists (k = {@value #RRF_K}). */
    public static List<Hit> rrf(List<List<Hit>> lists) {
        Map<String, Double> fused = new HashMap<>();
        Map<String, Integer> best = new HashMap<>();
        for (List<Hit> list : lists) {
            for (int i = 0; i < list.size(); i++) {
                String id = list.get(i).id();
                fused.merge(id, 1.0 / (RRF_K + i + 1), Double::sum);
                best.merge(id, i, Math::min);
            }
        }
        return sorted(fused, best);
    }

    private static List<Hit> rerank(List<Hit> list, java.util.function.ToDoubleFunction<String> score) {
        List<Hit> out = new ArrayList<>(list.size());
        for (Hit h : list) {
            out.add(new Hit(h.id(), score.applyAsDouble(h.id())));
        }
        out.sort(Comparator.comparingDouble(Hit::score).reversed()); // stable: ties keep the first stage's order
        return out;
    }

    private static Set<String> union(CandidateLists c) {
        Set<String> ids = new LinkedHashSet<>();
        c.keyword().forEach(h -> ids.add(h.id()));
        c.vector().forEach(h -> ids.add(h.id()));
        return ids;
    }

    private static Map<String, Integer> bestRanks(CandidateLists c) {
        Map<String, Integer> best = new HashMap<>();
        for (List<Hit> list : List.of(c.keyword(), c.vector())) {
            for (int i = 0; i < list.size(); i++) {
                best.merge(list.get(i).id(), i, Math::min);
            }
        }
        return best;
    }

    /**
     * The union of the candidate lists ordered by the given fused scores (best first), ties broken as every strategy
     * breaks them: the better of the two original ranks, then the id.
     */
    public static List<Hit> order(CandidateLists c, Map<String, Double> fused) {
        return sorted(fused, bestRanks(c));
    }

    private static List<Hit> sorted(Map<String, Double> fused, Map<String, Integer> best) {
        List<Hit> out = new ArrayList<>(fused.size());
        fused.forEach((id, s) -> out.add(new Hit(id, s)));
        out.sort(Comparator.comparingDouble(Hit::score).reversed()
                .thenComparingInt(h -> best.getOrDefault(h.id(), Integer.MAX_VALUE))
                .thenComparing(Hit::id));
        return out;
    }
}
