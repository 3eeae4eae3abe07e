package io.qtp.training;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training weights that count a query written several times once. Writers who work blind to each other reach for the
 * same famous examples (a paper title, a song, an error message), each with a suffix of their own ("pdf",
 * "citation", quotes): six rows of one title teach the model that its content words mean the title's type, and a new
 * query sharing them ("... for image recognition") follows the title instead of its own form. Rows whose normalised
 * text contains another row's normalised text of at least {@value #MIN_WORDS} words form one group, and each row
 * weighs 1 / the size of its group. Hand-written rows only; derived rows (JSQuAD, SciFact) keep weight 1.
 * (No library offers this grouping; a union-find over containment pairs is all it takes.)
 */
final class NearDuplicates {

    static final int MIN_WORDS = 4;

    private NearDuplicates() {
    }

    /** Normalised text: NFKC, lower case, letters and digits only, single spaces, padded with spaces. */
    static String key(String query) {
        String s = Normalizer.normalize(query, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        s = s.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        return " " + s + " ";
    }

    /** One weight per query; {@code eligible[i]} false keeps row i at 1 and out of every group. */
    static float[] weights(List<String> queries, boolean[] eligible) {
        int n = queries.size();
        int[] parent = new int[n];
        String[] keys = new String[n];
        List<Integer> cores = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            keys[i] = key(queries.get(i));
            if (eligible[i] && keys[i].strip().split(" ").length >= MIN_WORDS) {
                cores.add(i);
            }
        }
        for (int c : cores) {
            for (int i = 0; i < n; i++) {
                if (i != c && eligible[i] && keys[i].contains(keys[c])) {
                    union(parent, c, i);
                }
            }
        }
        int[] size = new int[n];
        for (int i = 0; i < n; i++) {
            size[find(parent, i)]++;
        }
        float[] w = new float[n];
        Arrays.fill(w, 1f);
        for (int i = 0; i < n; i++) {
            if (eligible[i]) {
                w[i] = 1f / size[find(parent, i)];
            }
        }
        return w;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }
}
