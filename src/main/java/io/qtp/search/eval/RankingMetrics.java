package io.qtp.search.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * nDCG@k and Recall@k as BEIR computes them (pytrec_eval): linear gain (the qrels grade), discount
 * {@code 1 / log2(rank + 1)} with rank from 1, the ideal ranking from the qrels; recall counts relevant (grade > 0)
 * documents found in the top k over all relevant documents.
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    public static double ndcg(List<String> ranked, Map<String, Integer> qrels, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            int rel = qrels.getOrDefault(ranked.get(i), 0);
            if (rel > 0) {
                dcg += rel / log2(i + 2);
            }
        }
        List<Integer> ideal = new ArrayList<>();
        qrels.values().stream().filter(r -> r > 0).forEach(ideal::add);
        ideal.sort(java.util.Comparator.reverseOrder());
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    public static double recall(List<String> ranked, Map<String, Integer> qrels, int k) {
        long relevant = qrels.values().stream().filter(r -> r > 0).count();
        if (relevant == 0) {
            return 0;
        }
        int found = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (qrels.getOrDefault(ranked.get(i), 0) > 0) {
                found++;
            }
        }
        return (double) found / relevant;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
