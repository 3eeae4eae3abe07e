package io.qtp.classify.trained;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.analysis.Feature;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.classify.QueryType;

/**
 * The serving form of a multi-class XGBoost model (gradient-boosted trees, {@code multi:softprob}) trained through
 * Tribuo on this project's features: the trees as flat arrays, walked in Java.
 *
 * <p>Why not Tribuo's own {@code predict}: per query it builds a native XGBoost matrix and crosses into the native
 * library, 0.1-0.6 ms per query here, over the latency budget (docs/MODEL.md); the trees themselves are a few
 * thousand comparisons. XGBoost4J has no Java-side predictor, and the core module may not depend on it anyway, so
 * the trees come from {@link TreeEnsembleSource} as XGBoost's JSON model and are evaluated here.
 *
 * <p>Equivalence with XGBoost: a feature is compared as a float ({@code value < split condition} goes left, as
 * XGBoost does); the analysis features are always present (Tribuo gives XGBoost every one, zeros included), a hashed
 * n-gram bucket is present with value 1 when the query has it and missing otherwise (it then takes the node's
 * default direction); tree {@code i} adds its leaf to the margin of class {@code tree_info[i]}, in tree order, in
 * float, after the base score; the probabilities are the softmax of the margins. XGBoost computes the softmax in
 * float, this class in double: the two agree to about 1e-7. {@link ModelBundle} checks agreement with Tribuo's path
 * on probe queries before the model serves, and a test compares both on the whole test split.
 *
 * <p>Immutable and thread-safe.
 */
final class CompiledTreeModel implements CompiledModel {

    private static final QueryType[] TYPES = QueryType.values();
    private static final int K = TYPES.length;
    private static final Feature[] FEATURES = Feature.values();
    private static final int DENSE = FEATURES.length;
    /** Slot of a split feature that the encoder does not produce: always missing. */
    private static final int UNKNOWN = -1;
    /** Flags in a node's left-child int: a missing value goes left; a present bucket (value 1) goes left. */
    private static final int DEFAULT_LEFT = 1 << 31;
    private static final int PRESENT_LEFT = 1 << 30;
    private static final int CHILD = PRESENT_LEFT - 1;

    private final FeatureEncoder encoder;
    /**
     * The nodes of all trees, four ints each, so that one node is one read from memory: the slot it splits on (an
     * analysis feature ordinal, or an offset bucket; a feature the encoder never produces gets the one slot past the
     * buckets, never present, which a leaf takes too), the float bits of its split condition (of its value for a
     * leaf), its left child's index (a leaf's is itself, with {@code DEFAULT_LEFT}) with {@code DEFAULT_LEFT} set
     * when a missing value goes left and {@code PRESENT_LEFT} when a present bucket does (a bucket's value is 1, so that is fixed at compile time), its
     * right child's index.
     */
    private final int[] nodes;
    /** The root node of each tree, and the QueryType index whose margin the tree adds to. */
    private final int[] roots;
    private final int[] treeType;
    private final float baseScore;
    /** The deepest leaf of any tree: every walk takes exactly this many steps. */
    private final int maxDepth;
    private final int charOffset;
    private final int posOffset;
    private final int wordOffset;
    private final int slots;

    private CompiledTreeModel(FeatureEncoder encoder, int[] nodes, int[] roots, int[] treeType, float baseScore,
            int maxDepth) {
        this.encoder = encoder;
        this.nodes = nodes;
        this.maxDepth = maxDepth;
        this.roots = roots;
        this.treeType = treeType;
        this.baseScore = baseScore;
        FeatureEncoder.Spec spec = encoder.spec();
        this.charOffset = DENSE;
        this.posOffset = charOffset + spec.charBuckets();
        this.wordOffset = posOffset + spec.posBuckets();
        this.slots = wordOffset + spec.wordBuckets() + 1; // the last slot: features the encoder never produces
    }

    /** Compiles a model when a registered {@link TreeEnsembleSource} gives its trees, else empty. */
    static Optional<CompiledTreeModel> compile(Model<Label> model, FeatureEncoder encoder) {
        for (TreeEnsembleSource source : ServiceLoader.load(TreeEnsembleSource.class,
                CompiledTreeModel.class.getClassLoader())) {
            Optional<byte[]> json = source.xgboostJson(model);
            if (json.isPresent()) {
                try {
                    return fromJson(new ObjectMapper().readTree(json.get()), model, encoder);
                } catch (IOException | RuntimeException e) {
                    return Optional.empty(); // not the document this class reads: Tribuo's path serves
                }
            }
        }
        return Optional.empty();
    }

    /** Reads XGBoost's JSON model; empty when it is not a three-class tree booster over this encoder's features. */
    static Optional<CompiledTreeModel> fromJson(JsonNode doc, Model<Label> model, FeatureEncoder encoder) {
        JsonNode learner = doc.path("learner");
        JsonNode booster = learner.path("gradient_booster");
        String objective = learner.path("objective").path("name").asText();
        int classes = Integer.parseInt(learner.path("learner_model_param").path("num_class").asText("0"));
        if (!booster.path("name").asText().equals("gbtree") || !objective.equals("multi:softprob") || classes != K) {
            return Optional.empty();
        }
        ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        int[] typeOfClass = new int[K]; // XGBoost's class index is Tribuo's output id
        for (int t = 0; t < K; t++) {
            int id = outputs.getID(new Label(TYPES[t].label()));
            if (id < 0 || id >= K) {
                return Optional.empty();
            }
            typeOfClass[id] = t;
        }
        int[] slotOfId = slots(model.getFeatureIDMap(), encoder);
        JsonNode trees = booster.path("model").path("trees");
        JsonNode info = booster.path("model").path("tree_info");
        int n = trees.size();
        if (n == 0 || info.size() != n) {
            return Optional.empty();
        }
        int count = 0;
        for (JsonNode tree : trees) {
            count += tree.path("left_children").size();
        }
        int[] nodes = new int[count * 4];
        FeatureEncoder.Spec spec = encoder.spec();
        int never = DENSE + spec.charBuckets() + spec.posBuckets() + spec.wordBuckets();
        int[] roots = new int[n];
        int[] treeType = new int[n];
        int base = 0;
        for (int i = 0; i < n; i++) {
            JsonNode tree = trees.get(i);
            JsonNode l = tree.path("left_children");
            JsonNode r = tree.path("right_children");
            JsonNode idx = tree.path("split_indices");
            JsonNode cond = tree.path("split_conditions");
            JsonNode dl = tree.path("default_left");
            int size = l.size();
            if (r.size() != size || idx.size() != size || cond.size() != size || dl.size() != size) {
                return Optional.empty();
            }
            int cls = info.get(i).asInt(-1);
            if (cls < 0 || cls >= K) {
                return Optional.empty();
            }
            roots[i] = base * 4;
            treeType[i] = typeOfClass[cls];
            for (int j = 0; j < size; j++) {
                int at = (base + j) * 4;
                int lc = l.get(j).asInt();
                int rc = r.get(j).asInt();
                nodes[at + 1] = Float.floatToRawIntBits((float) cond.get(j).asDouble());
                if (lc == -1) {
                    // a leaf loops to itself (a never-present slot whose missing side is left), so that every tree
                    // is walked exactly maxDepth steps with no exit test; its split bits hold its value
                    nodes[at] = never;
                    nodes[at + 2] = at | DEFAULT_LEFT;
                    nodes[at + 3] = at;
                    continue;
                }
                if (lc < 0 || lc >= size || rc < 0 || rc >= size) {
                    return Optional.empty();
                }
                int id = idx.get(j).asInt();
                int slot = id >= 0 && id < slotOfId.length ? slotOfId[id] : UNKNOWN;
                nodes[at] = slot == UNKNOWN ? never : slot;
                JsonNode d = dl.get(j);
                boolean defaultLeft = d.isBoolean() ? d.asBoolean() : d.asInt() != 0;
                boolean presentLeft = 1.0f < (float) cond.get(j).asDouble();
                if ((base + lc) * 4 > CHILD || (base + rc) * 4 > CHILD) {
                    return Optional.empty();
                }
                nodes[at + 2] = (base + lc) * 4 | (defaultLeft ? DEFAULT_LEFT : 0) | (presentLeft ? PRESENT_LEFT : 0);
                nodes[at + 3] = (base + rc) * 4;
            }
            base += size;
        }
        float baseScore = (float) Double.parseDouble(learner.path("learner_model_param").path("base_score").asText("0.5"));
        int maxDepth = 0;
        for (int root : roots) {
            maxDepth = Math.max(maxDepth, depth(nodes, root));
        }
        return Optional.of(new CompiledTreeModel(encoder, nodes, roots, treeType, baseScore, maxDepth));
    }

    /** The depth of a tree's deepest leaf (a leaf is the node that loops to itself). */
    private static int depth(int[] nodes, int at) {
        int left = nodes[at + 2] & CHILD;
        int right = nodes[at + 3];
        if (left == at && right == at) {
            return 0;
        }
        return 1 + Math.max(depth(nodes, left), depth(nodes, right));
    }

    /** The slot of each Tribuo feature id: analysis feature ordinal, or an offset bucket index; -1 when unknown. */
    private static int[] slots(ImmutableFeatureMap features, FeatureEncoder encoder) {
        Map<String, Integer> slotOfName = new HashMap<>();
        for (Feature f : Feature.values()) {
            slotOfName.put(f.name(), f.ordinal());
        }
        int offset = DENSE;
        offset = put(slotOfName, encoder.charNames(), offset);
        offset = put(slotOfName, encoder.posNames(), offset);
        put(slotOfName, encoder.wordNames(), offset);
        int[] out = new int[features.size()];
        java.util.Arrays.fill(out, UNKNOWN);
        for (VariableInfo v : features) {
            int id = features.getID(v.getName());
            out[id] = slotOfName.getOrDefault(v.getName(), UNKNOWN);
        }
        return out;
    }

    private static int put(Map<String, Integer> slotOfName, List<String> names, int offset) {
        for (int i = 0; i < names.size(); i++) {
            slotOfName.put(names.get(i), offset + i);
        }
        return offset + names.size();
    }

    @Override
    public double tolerance() {
        return 1e-5;
    }

    @Override
    public double[] probabilities(QueryAnalysis analysis) {
        float[] dense = new float[DENSE];
        for (int i = 0; i < DENSE; i++) {
            dense[i] = (float) analysis.feature(FEATURES[i]);
        }
        long[] present = new long[(slots + 63) >>> 6];
        FeatureEncoder.Spec spec = encoder.spec();
        if (spec.charBuckets() > 0) {
            mark(present, encoder.charBuckets(analysis.query()), charOffset);
        }
        if (spec.posBuckets() > 0) {
            mark(present, encoder.posBuckets(analysis), posOffset);
        }
        if (spec.wordBuckets() > 0) {
            mark(present, encoder.wordBuckets(analysis), wordOffset);
        }
        float[] margin = {baseScore, baseScore, baseScore};
        // four trees at a time, in lockstep: their node loads do not depend on each other, so the processor
        // overlaps them (one tree alone is a chain of dependent loads); margins are summed in tree order as XGBoost does
        int[] n = nodes;
        int t = 0;
        for (; t + 4 <= roots.length; t += 4) {
            int a0 = roots[t], a1 = roots[t + 1], a2 = roots[t + 2], a3 = roots[t + 3];
            for (int d = 0; d < maxDepth; d++) {
                a0 = next(n, a0, dense, present);
                a1 = next(n, a1, dense, present);
                a2 = next(n, a2, dense, present);
                a3 = next(n, a3, dense, present);
            }
            margin[treeType[t]] += Float.intBitsToFloat(n[a0 + 1]);
            margin[treeType[t + 1]] += Float.intBitsToFloat(n[a1 + 1]);
            margin[treeType[t + 2]] += Float.intBitsToFloat(n[a2 + 1]);
            margin[treeType[t + 3]] += Float.intBitsToFloat(n[a3 + 1]);
        }
        for (; t < roots.length; t++) {
            int a = roots[t];
            for (int d = 0; d < maxDepth; d++) {
                a = next(n, a, dense, present);
            }
            margin[treeType[t]] += Float.intBitsToFloat(n[a + 1]);
        }
        return CompiledLinearModel.softmax(new double[] {margin[0], margin[1], margin[2]});
    }

    /**
     * One step down a tree: the node's child for this query (a leaf's is itself). Written without branches (both
     * tests computed, the child selected arithmetically): which way a query goes is unpredictable, and a
     * mispredicted branch would throw away the other trees' steps in flight.
     */
    private static int next(int[] n, int at, float[] dense, long[] present) {
        int s = n[at];
        int left = n[at + 2];
        int right = n[at + 3];
        int denseLeft = dense[Math.min(s, DENSE - 1)] < Float.intBitsToFloat(n[at + 1]) ? 1 : 0;
        // a bucket: bit 1 (present) reads PRESENT_LEFT (bit 30), bit 0 (missing) reads DEFAULT_LEFT (bit 31)
        int bit = (int) (present[s >>> 6] >>> s) & 1;
        int bucketLeft = left >>> (31 - bit) & 1;
        int isDense = (s - DENSE) >>> 31; // 1 when s < DENSE (slots are never negative)
        int goLeft = isDense & denseLeft | (isDense ^ 1) & bucketLeft;
        return right + goLeft * ((left & CHILD) - right);
    }

    private static void mark(long[] present, int[] buckets, int offset) {
        for (int b : buckets) {
            int s = offset + b;
            present[s >>> 6] |= 1L << s;
        }
    }
}
