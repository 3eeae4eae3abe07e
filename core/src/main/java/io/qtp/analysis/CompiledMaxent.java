package io.qtp.analysis;

import java.util.Arrays;
import java.util.Map;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;

/**
 * An OpenNLP maximum entropy (GIS) model evaluated from flat arrays: the same probabilities as the library's
 * {@code GISModel}, bit for bit, in less time. Under load the library's evaluation was the largest single cost of an
 * English query (docs/BENCHMARKS.md, "CPU time by stage"): for every context string of every token it walks a
 * {@code LinkedHashMap} of 28,000-34,000 entries (table, entry, key string, key bytes, then the {@code Context} and
 * its two arrays), six dependent memory reads that a server interleaving network work between queries mostly misses
 * in cache. Here a look-up probes one {@code int[]} of hashes, compares the key against one {@code char[]} pool, and
 * sums parameters from one {@code double[]}. Written here because OpenNLP has no compact evaluation of its models;
 * {@code GISModel} is final, so this is a model of its own that holds the library's data unchanged.
 *
 * <p>The arithmetic is the library's, in its order: the uniform prior {@code StrictMath.log(1 / outcomes)} for every
 * outcome, each known context's parameters added in the order of the contexts (times its value), then
 * {@code StrictMath.exp} and the division by the sum. {@code CompiledMaxentTest} checks equal probabilities on
 * every tagger context of every English query of the data, and the tokenizer's tokens on every chunk of them.
 *
 * <p>It extends {@link AbstractModel} (sharing the original's parameters and predicate map, which
 * {@link #getDataStructures()} returns as the original does) so that OpenNLP's {@code TokenizerModel}, which accepts only
 * an {@code AbstractModel}, can run on it. Immutable and thread-safe.
 */
final class CompiledMaxent extends AbstractModel {

    /**
     * Slot -> the key's {@link String#hashCode()} in the high half, predicate index + 1 in the low half (0: empty);
     * open addressing, linear probing, a power-of-two size. One array, so that a probe reads one cache line.
     */
    private final long[] slots;
    private final int mask;
    /** The keys' characters, one after the other; key {@code i} is {@code pool[starts[2i] .. starts[2i + 2])}. */
    private final char[] pool;
    /**
     * {@code starts[2i]}: where key {@code i} starts in the pool; {@code starts[2i + 1]}: where its outcomes and
     * parameters start; each ends where predicate {@code i + 1}'s start (interleaved: one cache line per look-up).
     */
    private final int[] starts;
    private final int[] outcomes;
    private final double[] parameters;
    private final int numOutcomes;
    private final double logPrior;

    /**
     * Compiles a GIS model read by OpenNLP.
     *
     * @throws IllegalArgumentException if {@code model} is not a maximum entropy model
     */
    static CompiledMaxent of(AbstractModel model) {
        if (model.getModelType() != ModelType.Maxent) {
            throw new IllegalArgumentException("not a maximum entropy model: " + model.getModelType());
        }
        Object[] data = model.getDataStructures();
        @SuppressWarnings("unchecked")
        Map<String, Context> pmap = (Map<String, Context>) data[1];
        return new CompiledMaxent((Context[]) data[0], pmap, (String[]) data[2]);
    }

    private CompiledMaxent(Context[] params, Map<String, Context> pmap, String[] outcomeNames) {
        super(params, pmap.keySet().toArray(new String[0]), pmap, outcomeNames);
        this.modelType = ModelType.Maxent;
        this.numOutcomes = outcomeNames.length;
        this.logPrior = StrictMath.log(1.0 / numOutcomes); // opennlp.tools.ml.model.UniformPrior
        int n = pmap.size();
        int size = Integer.highestOneBit(Math.max(2, n * 2) - 1) << 1;
        this.slots = new long[size];
        this.mask = size - 1;
        this.starts = new int[2 * (n + 1)];
        int chars = 0;
        int active = 0;
        for (Map.Entry<String, Context> e : pmap.entrySet()) {
            chars += e.getKey().length();
            active += e.getValue().getOutcomes().length;
        }
        this.pool = new char[chars];
        this.outcomes = new int[active];
        this.parameters = new double[active];
        int i = 0;
        for (Map.Entry<String, Context> e : pmap.entrySet()) {
            String key = e.getKey();
            key.getChars(0, key.length(), pool, starts[2 * i]);
            starts[2 * i + 2] = starts[2 * i] + key.length();
            int[] o = e.getValue().getOutcomes();
            double[] p = e.getValue().getParameters();
            System.arraycopy(o, 0, outcomes, starts[2 * i + 1], o.length);
            System.arraycopy(p, 0, parameters, starts[2 * i + 1], p.length);
            starts[2 * i + 3] = starts[2 * i + 1] + o.length;
            int h = key.hashCode();
            int s = spread(h) & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = (long) h << 32 | (i + 1);
            i++;
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    /** The predicate index of {@code key}, or -1 when the model does not know it. */
    int find(String key) {
        int h = key.hashCode();
        int s = spread(h) & mask;
        int len = key.length();
        for (long slot; (slot = slots[s]) != 0; s = (s + 1) & mask) {
            if ((int) (slot >>> 32) == h) {
                int i = (int) slot - 1;
                int start = starts[2 * i];
                if (starts[2 * i + 2] - start == len && matches(key, start, len)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private boolean matches(String key, int start, int len) {
        for (int k = 0; k < len; k++) {
            if (pool[start + k] != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double[] eval(String[] context) {
        return eval(context, null, new double[numOutcomes]);
    }

    @Override
    public double[] eval(String[] context, float[] values) {
        return eval(context, values, new double[numOutcomes]);
    }

    @Override
    public double[] eval(String[] context, double[] probs) {
        return eval(context, null, probs);
    }

    /** As {@code GISModel.eval(String[], float[], double[])}: writes the probabilities into {@code outsums}. */
    public double[] eval(String[] context, float[] values, double[] outsums) {
        scores(context, values, outsums);
        double normal = 0.0;
        for (int o = 0; o < numOutcomes; o++) {
            outsums[o] = StrictMath.exp(outsums[o]);
            normal += outsums[o];
        }
        for (int o = 0; o < numOutcomes; o++) {
            outsums[o] /= normal;
        }
        return outsums;
    }

    /** Sets every outcome's score to the prior, as {@link #scores} starts: then {@link #add} each known predicate. */
    void prior(double[] out) {
        Arrays.fill(out, 0, numOutcomes, logPrior);
    }

    /**
     * Adds the parameters of predicate {@code i} (from {@link #find}; nothing when it is negative) with value 1, as
     * {@link #scores} does for each known context in turn: the same sums when called in the contexts' order.
     */
    void add(int i, double[] out) {
        add(i, 1, out);
    }

    /** {@link #add(int, double[])} with the context's value ({@code parameter * 1.0} is the parameter exactly). */
    private void add(int i, double value, double[] out) {
        if (i < 0) {
            return;
        }
        for (int a = starts[2 * i + 1], end = starts[2 * i + 3]; a < end; a++) {
            out[outcomes[a]] += parameters[a] * value;
        }
    }

    /**
     * The log-linear score of each outcome (the log prior plus the parameters of the known contexts), before
     * {@link #eval} turns the scores into probabilities: the same order of outcomes, at a fraction of the cost
     * (the {@code StrictMath.exp} of every outcome was about half of an evaluation of the tagger's 38 outcomes).
     * For a caller that only needs the most probable outcome.
     */
    double[] scores(String[] context, float[] values, double[] out) {
        prior(out);
        for (int c = 0; c < context.length; c++) {
            add(find(context[c]), values == null ? 1 : values[c], out);
        }
        return out;
    }
}
