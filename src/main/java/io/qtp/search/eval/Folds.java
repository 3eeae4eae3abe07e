package io.qtp.search.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * k-fold cross-fitting by group: every group (a SciFact claim with its variants, a JSQuAD article with all its
 * questions) lands in exactly one fold, so a model scored on a fold never saw any query of its groups. The
 * assignment is a seeded shuffle of the sorted group names, dealt round-robin.
 */
final class Folds {

    private final Map<String, Integer> foldOfGroup;
    private final int k;

    Folds(List<String> groups, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("folds must be at least 2, found " + k);
        }
        List<String> distinct = new ArrayList<>(new TreeSet<>(groups));
        if (distinct.size() < k) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " groups, found " + distinct.size());
        }
        Collections.shuffle(distinct, new Random(seed));
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            m.put(distinct.get(i), i % k);
        }
        this.foldOfGroup = m;
        this.k = k;
    }

    int k() {
        return k;
    }

    /** The runs a model for fold {@code f} is fitted on: those of every other fold. */
    List<SearchEvaluation.Run> training(List<SearchEvaluation.Run> runs, int f) {
        return runs.stream().filter(r -> fold(r.group()) != f).toList();
    }

    /** The runs of fold {@code f}: scored by the model fitted on {@link #training}. */
    List<SearchEvaluation.Run> heldOut(List<SearchEvaluation.Run> runs, int f) {
        return runs.stream().filter(r -> fold(r.group()) == f).toList();
    }

    int fold(String group) {
        Integer f = foldOfGroup.get(group);
        if (f == null) {
            throw new IllegalArgumentException("unknown group " + group);
        }
        return f;
    }
}
