package io.qtp.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Weighted random helpers over a seeded {@link SplittableRandom}: every draw is a pure function of the
 * generator's state, so a group's random stream (seeded from the group id) gives the same picks on every run.
 */
final class Weighted {
    private Weighted() {
    }

    /** One option carrying a weight; weight 0 drops it. */
    record Option<T>(T value, double weight) {
    }

    /**
     * Orders the options by weighted sampling without replacement (Efraimidis-Spirakis: sort by
     * {@code u^(1/w)} descending). Ties are broken by the input order, so the result is deterministic.
     */
    static <T> List<T> order(List<Option<T>> options, SplittableRandom rnd) {
        record Keyed<T>(T value, double key, int index) {
        }
        List<Keyed<T>> keyed = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            Option<T> o = options.get(i);
            double u = rnd.nextDouble(); // drawn for every option, so later options do not shift
            if (o.weight() > 0) {
                keyed.add(new Keyed<>(o.value(), Math.log(Math.max(u, 1e-300)) / o.weight(), i));
            }
        }
        keyed.sort(Comparator.comparingDouble((Keyed<T> k) -> -k.key()).thenComparingInt(Keyed::index));
        List<T> out = new ArrayList<>(keyed.size());
        for (Keyed<T> k : keyed) {
            out.add(k.value());
        }
        return out;
    }

    /** An index in {@code [0, weights.length)} drawn with the given relative weights. */
    static int pick(SplittableRandom rnd, double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = rnd.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A random element. */
    static <T> T one(SplittableRandom rnd, List<T> items) {
        return items.get(rnd.nextInt(items.size()));
    }

    /**
     * A random subset of {@code k} indices of {@code [0, n)}, returned in increasing order (the original
     * order of the terms is kept).
     */
    static int[] subset(SplittableRandom rnd, int n, int k) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(idx, k);
        java.util.Arrays.sort(out);
        return out;
    }
}
