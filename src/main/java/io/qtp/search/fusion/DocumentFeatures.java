package io.qtp.search.fusion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.qtp.search.CandidateLists;
import io.qtp.search.Fusion;
import io.qtp.search.Hit;

/**
 * What the learned fusion knows of each candidate document of one query: its two scores made comparable across
 * queries in four ways (min-max over the candidate union, as the weighted strategy does; reciprocal rank, as RRF
 * does; a z-score over the union; the log of the rank), for each side. A fused score is a weighted sum of these
 * eight, with weights that depend on the query ({@link LinearFusion}). The log rank was added on evidence: on JSQuAD
 * (cross-fitted) it lifted the learned fusion from 26 % to 31 % of the gap between the best fixed choice and the
 * oracle.
 */
public final class DocumentFeatures {

    /** The document features, in the order of a fusion model's weight rows. */
    public enum Feature {
        /** Keyword rank min-max normalised over the candidate union (0 when the document does not match). */
        KEYWORD_MINMAX(Side.KEYWORD),
        /** Cosine similarity min-max normalised over the candidate union. */
        VECTOR_MINMAX(Side.VECTOR),
        /** {@code 60 / (60 + rank)} in the keyword list (rank from 1; 0 when absent): RRF's term, scaled to (0, 1]. */
        KEYWORD_RECIPROCAL_RANK(Side.KEYWORD),
        /** {@code 60 / (60 + rank)} in the vector list. */
        VECTOR_RECIPROCAL_RANK(Side.VECTOR),
        /** (keyword rank - mean) / standard deviation over the candidate union (0 when all are equal). */
        KEYWORD_ZSCORE(Side.KEYWORD),
        /** (cosine - mean) / standard deviation over the candidate union. */
        VECTOR_ZSCORE(Side.VECTOR),
        /** {@code ln(rank)} in the keyword list; {@code ln(n + 1)} when absent from its n hits. */
        KEYWORD_LOG_RANK(Side.KEYWORD),
        /** {@code ln(rank)} in the vector list; {@code ln(n + 1)} when absent. */
        VECTOR_LOG_RANK(Side.VECTOR);

        private final Side side;
        private final String label = name().toLowerCase(Locale.ROOT);

        Feature(Side side) {
            this.side = side;
        }

        public Side side() {
            return side;
        }

        public String label() {
            return label;
        }

        public static List<String> labels() {
            return java.util.Arrays.stream(values()).map(Feature::label).toList();
        }
    }

    /** Which retriever a feature comes from. */
    public enum Side {
        KEYWORD, VECTOR
    }

    public static final int COUNT = Feature.values().length;

    /**
     * The candidates of one query with their features.
     *
     * @param ids      the candidate union, keyword list first, then the vector list's other documents
     * @param features per id (same index), one value per {@link Feature}
     */
    public record Table(List<String> ids, double[][] features) {
    }

    private DocumentFeatures() {
    }

    public static Table of(CandidateLists c) {
        Set<String> union = new LinkedHashSet<>();
        c.keyword().forEach(h -> union.add(h.id()));
        c.vector().forEach(h -> union.add(h.id()));
        List<String> ids = new ArrayList<>(union);
        int n = ids.size();
        double[] k = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = c.keywordScore(ids.get(i));
            v[i] = c.vectorScore(ids.get(i));
        }
        Map<String, Integer> kRank = ranks(c.keyword()), vRank = ranks(c.vector());
        double[][] f = new double[n][COUNT];
        double[] kz = zscores(k), vz = zscores(v);
        double kMin = min(k), kMax = max(k), vMin = min(v), vMax = max(v);
        for (int i = 0; i < n; i++) {
            String id = ids.get(i);
            f[i][Feature.KEYWORD_MINMAX.ordinal()] = Fusion.minMax(k[i], kMin, kMax);
            f[i][Feature.VECTOR_MINMAX.ordinal()] = Fusion.minMax(v[i], vMin, vMax);
            f[i][Feature.KEYWORD_RECIPROCAL_RANK.ordinal()] = reciprocal(kRank.get(id));
            f[i][Feature.VECTOR_RECIPROCAL_RANK.ordinal()] = reciprocal(vRank.get(id));
            f[i][Feature.KEYWORD_ZSCORE.ordinal()] = kz[i];
            f[i][Feature.VECTOR_ZSCORE.ordinal()] = vz[i];
            f[i][Feature.KEYWORD_LOG_RANK.ordinal()] = logRank(kRank.get(id), c.keyword().size());
            f[i][Feature.VECTOR_LOG_RANK.ordinal()] = logRank(vRank.get(id), c.vector().size());
        }
        return new Table(ids, f);
    }

    private static double logRank(Integer rank, int listSize) {
        return Math.log(rank == null ? listSize + 1 : rank);
    }

    private static double reciprocal(Integer rank) {
        return rank == null ? 0 : Fusion.RRF_K / (double) (Fusion.RRF_K + rank);
    }

    private static Map<String, Integer> ranks(List<Hit> list) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            m.putIfAbsent(list.get(i).id(), i + 1);
        }
        return m;
    }

    private static double[] zscores(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double d : x) {
            mean += d;
        }
        mean /= Math.max(1, n);
        double var = 0;
        for (double d : x) {
            var += (d - mean) * (d - mean);
        }
        double sd = Math.sqrt(var / Math.max(1, n));
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = sd > 1e-12 ? (x[i] - mean) / sd : 0;
        }
        return z;
    }

    private static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : x) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : x) {
            m = Math.max(m, d);
        }
        return m;
    }
}
