package io.qtp.classify.trained;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

import io.qtp.analysis.Feature;
import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.analysis.Token;

/**
 * Turns a {@link QueryAnalysis} into the named features a Tribuo model reads. The encoding is part of a model's
 * contract: its algorithm is {@link #VERSION} and its parameters ({@link Spec}) are saved in the model's
 * {@code metadata.json}, so a model is always read with the encoder it was trained with.
 *
 * <h2>Encoding {@value #VERSION}</h2>
 * <ol>
 *   <li><b>Analysis features</b>: the values of {@link Feature} (82 in feature set 3), named by {@link Feature#name()}
 *       ({@code LANGUAGE_JA}, {@code CHAR_COUNT}, ...), always present (zeros included), raw as the analyser
 *       computes them; scaling is the model's business (saved with it).
 *   <li><b>Character n-grams</b> ({@code c<bucket>}): the text is NFKC-normalised, lower-cased code point by
 *       code point ({@link Character#toLowerCase(int)}), stripped of format characters, every run of
 *       whitespace becomes one space, leading/trailing space is removed and one space is added at each end (so
 *       n-grams see the start and the end of the query: {@code "さい "} is the ending of a request). Every
 *       n-gram of {@code charMinN..charMaxN} code points is hashed into {@code charBuckets} buckets.
 *       At most the first {@value QueryAnalyzer#MAX_ANALYZED_CHARS} UTF-16 units are read, as by the analyser.
 *   <li><b>Part-of-speech n-grams</b> ({@code p<bucket>}): the sequence BOS, tag of each token, EOS (Japanese:
 *       the full IPADIC tag {@link Token#tag()} such as {@code 助詞-格助詞-一般}; English: the UD tag
 *       {@link Token#pos()}), all windows of 1 to 3 except BOS or EOS alone, hashed into {@code posBuckets}.
 *   <li><b>Word n-grams</b> ({@code w<bucket>}): the token texts lower-cased, unigrams and bigrams over
 *       BOS, tokens, EOS (a unigram is a token, never BOS/EOS alone), hashed into {@code wordBuckets}.
 * </ol>
 * A hashed feature has the value 1 when at least one n-gram of the query falls into its bucket, and is absent
 * otherwise (sparse). A space with 0 buckets is switched off.
 *
 * <h2>Hash</h2>
 * 32-bit FNV-1a over the items of the n-gram: for characters its code points; for tags and words, per element, the
 * UTF-16 units of the string (words lower-cased unit by unit with {@link Character#toLowerCase(char)}) followed by
 * the separator {@code 0x110002}, or the single item BOS {@code 0x110000} / EOS {@code 0x110001};
 * each item mixed in as {@code h = (h ^ item) * 16777619}, starting from {@code 2166136261 ^ salt} (salt 1 for
 * characters, 2 for words, 3 for tags); then MurmurHash3's 32-bit finaliser; the bucket is the unsigned
 * remainder by the number of buckets. Plain integer arithmetic: the same on every JVM.
 *
 * <h2>Names and order</h2>
 * Bucket {@code i} of a space is named by the space's letter and {@code i} zero-padded to the width of the
 * largest bucket number ({@code c0042} with 8,192 buckets). Upper-case analysis names sort before the lower-case prefixes, and
 * padding keeps buckets in numeric order, so {@link #encode} emits names already in Tribuo's lexicographic order
 * and the names are interned constants (their hash codes are cached for the model's feature-map lookups).
 *
 * <p>Immutable and thread-safe.
 */
public final class FeatureEncoder {

    /** The encoding algorithm above. A model recording another version is refused. */
    public static final String VERSION = "analysis+hashed-ngrams-1";

    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int BOS = 0x110000;
    private static final int EOS = 0x110001;
    private static final int SEPARATOR = 0x110002;
    private static final int SALT_CHARS = 1;
    private static final int SALT_WORDS = 2;
    private static final int SALT_TAGS = 3;
    private static final int MAX_POS_N = 3;

    /**
     * The encoder's parameters, saved in {@code metadata.json}.
     *
     * @param charBuckets buckets of the character n-gram space (0: off)
     * @param charMinN    shortest character n-gram
     * @param charMaxN    longest character n-gram
     * @param posBuckets  buckets of the part-of-speech 1-3-gram space (0: off)
     * @param wordBuckets buckets of the word 1-2-gram space (0: off)
     */
    public record Spec(int charBuckets, int charMinN, int charMaxN, int posBuckets, int wordBuckets) {

        /** The parameters of the bundled model. */
        public static Spec defaults() {
            return new Spec(1 << 13, 1, 3, 1 << 11, 1 << 12);
        }

        /** Only the analysis features. */
        public static Spec analysisOnly() {
            return new Spec(0, 1, 1, 0, 0);
        }

        /**
         * Checks the ranges.
         *
         * @throws IllegalArgumentException naming the first parameter out of range
         */
        public Spec {
            if (charBuckets < 0 || charBuckets > 1 << 22 || posBuckets < 0 || posBuckets > 1 << 22
                    || wordBuckets < 0 || wordBuckets > 1 << 22) {
                throw new IllegalArgumentException("bucket counts must be in [0, 4194304]: chars " + charBuckets
                        + ", pos " + posBuckets + ", words " + wordBuckets);
            }
            if (charMinN < 1 || charMaxN < charMinN || charMaxN > 5) {
                throw new IllegalArgumentException(
                        "character n-gram range must satisfy 1 <= min <= max <= 5: " + charMinN + ".." + charMaxN);
            }
        }
    }

    /** The dense analysis features in lexicographic name order: {@code DENSE_ORDER[i]} is a Feature ordinal. */
    private static final int[] DENSE_ORDER;
    private static final String[] DENSE_NAMES;

    static {
        Feature[] features = Feature.values();
        Integer[] order = new Integer[features.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> features[a].name().compareTo(features[b].name()));
        DENSE_ORDER = new int[order.length];
        DENSE_NAMES = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            DENSE_ORDER[i] = order[i];
            DENSE_NAMES[i] = features[order[i]].name();
        }
    }

    private final Spec spec;
    private final String[] charNames;
    private final String[] posNames;
    private final String[] wordNames;

    public FeatureEncoder(Spec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.charNames = bucketNames('c', spec.charBuckets());
        this.posNames = bucketNames('p', spec.posBuckets());
        this.wordNames = bucketNames('w', spec.wordBuckets());
    }

    public Spec spec() {
        return spec;
    }

    /** Number of distinct feature names this encoder can emit. */
    public int dimension() {
        return DENSE_NAMES.length + charNames.length + posNames.length + wordNames.length;
    }

    /** Bucket names of the character space, by bucket. */
    List<String> charNames() {
        return Arrays.asList(charNames);
    }

    /** Bucket names of the part-of-speech space, by bucket. */
    List<String> posNames() {
        return Arrays.asList(posNames);
    }

    /** Bucket names of the word space, by bucket. */
    List<String> wordNames() {
        return Arrays.asList(wordNames);
    }

    /** Every name this encoder can emit, in emission (lexicographic) order. */
    public List<String> featureNames() {
        List<String> all = new ArrayList<>(dimension());
        all.addAll(Arrays.asList(DENSE_NAMES));
        all.addAll(Arrays.asList(charNames));
        all.addAll(Arrays.asList(posNames));
        all.addAll(Arrays.asList(wordNames));
        return all;
    }

    /** The encoded features of one query: names in lexicographic order, no duplicates. */
    public record Encoded(String[] names, double[] values) {
        public int size() {
            return names.length;
        }
    }

    /** Encodes a query for prediction (the example's label is Tribuo's unknown label). */
    public Example<Label> encode(QueryAnalysis analysis) {
        return encode(analysis, LabelFactory.UNKNOWN_LABEL);
    }

    /** Encodes a query with its label, for training and evaluation. */
    public Example<Label> encode(QueryAnalysis analysis, Label label) {
        Encoded e = encodeFeatures(analysis);
        return new SortedExample(label, e.names(), e.values());
    }

    /**
     * An {@link ArrayExample} built from arrays that are already in Tribuo's order (names sorted, distinct), which
     * {@link #encodeFeatures} guarantees. ArrayExample's public constructors copy both arrays and arg-sort the names
     * again, which was a quarter of the classification time; this one takes the arrays as they are. Everything
     * else (copying, transforming, serialising) is ArrayExample's own.
     */
    private static final class SortedExample extends ArrayExample<Label> {
        private static final long serialVersionUID = 1L;

        SortedExample(Label output, String[] names, double[] values) {
            super(output, 1.0f, 0);
            this.featureNames = names;
            this.featureValues = values;
            this.size = names.length;
        }
    }

    /** The features of one query as parallel arrays in lexicographic name order. */
    public Encoded encodeFeatures(QueryAnalysis analysis) {
        int[] chars = spec.charBuckets() > 0 ? charBuckets(analysis.query()) : EMPTY;
        int[] tags = spec.posBuckets() > 0 ? posBuckets(analysis) : EMPTY;
        int[] words = spec.wordBuckets() > 0 ? wordBuckets(analysis) : EMPTY;
        int n = DENSE_NAMES.length + chars.length + tags.length + words.length;
        String[] names = new String[n];
        double[] values = new double[n];
        double[] dense = new double[Feature.count()];
        analysis.copyFeaturesInto(dense, 0);
        int k = 0;
        for (int i = 0; i < DENSE_ORDER.length; i++, k++) {
            names[k] = DENSE_NAMES[i];
            values[k] = dense[DENSE_ORDER[i]];
        }
        k = fill(names, values, k, chars, charNames);
        k = fill(names, values, k, tags, posNames);
        fill(names, values, k, words, wordNames);
        return new Encoded(names, values);
    }

    private static final int[] EMPTY = new int[0];

    private static int fill(String[] names, double[] values, int k, int[] buckets, String[] table) {
        for (int b : buckets) {
            names[k] = table[b];
            values[k] = 1.0;
            k++;
        }
        return k;
    }

    // ------------------------------------------------------------------ the three hashed spaces

    /** Sorted distinct buckets of the character n-grams of the normalised, space-padded text. */
    int[] charBuckets(String query) {
        int[] cps = normalisedCodePoints(query);
        int len = cps.length;
        int min = spec.charMinN();
        int max = spec.charMaxN();
        int[] out = new int[Math.max(0, len * (max - min + 1))];
        int k = 0;
        for (int i = 0; i < len; i++) {
            int h = FNV_OFFSET ^ SALT_CHARS;
            for (int n = 1; n <= max && i + n <= len; n++) {
                h = (h ^ cps[i + n - 1]) * FNV_PRIME;
                if (n >= min) {
                    out[k++] = bucket(h, spec.charBuckets());
                }
            }
        }
        return sortedDistinct(out, k, spec.charBuckets());
    }

    /** Sorted distinct buckets of the tag 1-3-grams over BOS, tags, EOS. */
    int[] posBuckets(QueryAnalysis analysis) {
        List<Token> tokens = analysis.tokens();
        boolean japanese = analysis.language() == Language.JA;
        int len = tokens.size() + 2;
        int[] out = new int[len * MAX_POS_N];
        int k = 0;
        for (int i = 0; i < len; i++) {
            int h = FNV_OFFSET ^ SALT_TAGS;
            for (int n = 1; n <= MAX_POS_N && i + n <= len; n++) {
                int j = i + n - 1; // position in BOS, t0 .. tN-1, EOS
                if (j == 0) {
                    h = (h ^ BOS) * FNV_PRIME;
                } else if (j == len - 1) {
                    h = (h ^ EOS) * FNV_PRIME;
                } else {
                    Token t = tokens.get(j - 1);
                    h = mixString(h, japanese ? t.tag() : t.pos(), false);
                }
                boolean boundaryAlone = n == 1 && (j == 0 || j == len - 1);
                if (!boundaryAlone) {
                    out[k++] = bucket(h, spec.posBuckets());
                }
            }
        }
        return sortedDistinct(out, k, spec.posBuckets());
    }

    /** Sorted distinct buckets of the lower-cased word unigrams and bigrams over BOS, tokens, EOS. */
    int[] wordBuckets(QueryAnalysis analysis) {
        List<Token> tokens = analysis.tokens();
        int len = tokens.size() + 2;
        int[] out = new int[len * 2];
        int k = 0;
        int[] single = new int[len]; // hash state after the item at position j, for reuse in the bigram
        for (int j = 0; j < len; j++) {
            int h = FNV_OFFSET ^ SALT_WORDS;
            if (j == 0) {
                h = (h ^ BOS) * FNV_PRIME;
            } else if (j == len - 1) {
                h = (h ^ EOS) * FNV_PRIME;
            } else {
                h = mixString(h, tokens.get(j - 1).text(), true);
                out[k++] = bucket(h, spec.wordBuckets());
            }
            single[j] = h;
        }
        for (int j = 1; j < len; j++) {
            // bigram = FNV over the items of the previous word, then of this one
            int h = single[j - 1];
            if (j == len - 1) {
                h = (h ^ EOS) * FNV_PRIME;
            } else {
                h = mixString(h, tokens.get(j - 1).text(), true);
            }
            out[k++] = bucket(h, spec.wordBuckets());
        }
        return sortedDistinct(out, k, spec.wordBuckets());
    }

    private static int mixString(int h, String s, boolean lowerCase) {
        for (int i = 0, n = s.length(); i < n; i++) {
            int c = s.charAt(i);
            h = (h ^ (lowerCase ? Character.toLowerCase(c) : c)) * FNV_PRIME;
        }
        return (h ^ SEPARATOR) * FNV_PRIME;
    }

    /** MurmurHash3 fmix32, then the unsigned remainder. */
    static int bucket(int h, int buckets) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return Integer.remainderUnsigned(h, buckets);
    }

    /**
     * The distinct values of {@code a[0 .. n)}, ascending, each in {@code [0, buckets)}: marked in a bit set and read
     * back in order (linear; sorting the values was 3 % of the server's CPU for an uncached prediction,
     * docs/BENCHMARKS.md, "CPU time per request").
     */
    private static int[] sortedDistinct(int[] a, int n, int buckets) {
        if (n == 0) {
            return EMPTY;
        }
        long[] bits = new long[(buckets + 63) >>> 6];
        int d = 0;
        for (int i = 0; i < n; i++) {
            int b = a[i];
            long mask = 1L << b;
            if ((bits[b >>> 6] & mask) == 0) {
                bits[b >>> 6] |= mask;
                d++;
            }
        }
        int[] out = new int[d];
        int k = 0;
        for (int w = 0; k < d; w++) {
            for (long x = bits[w]; x != 0; x &= x - 1) {
                out[k++] = (w << 6) + Long.numberOfTrailingZeros(x);
            }
        }
        return out;
    }

    /** The text as the character space sees it: see the class comment. */
    static int[] normalisedCodePoints(String query) {
        String s = query == null ? "" : query;
        if (s.length() > QueryAnalyzer.MAX_ANALYZED_CHARS) {
            s = s.substring(0, QueryAnalyzer.MAX_ANALYZED_CHARS);
        }
        s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        int[] out = new int[s.length() + 2];
        int k = 0;
        out[k++] = ' ';
        boolean space = true; // the leading pad absorbs leading whitespace
        for (int i = 0, n = s.length(); i < n; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.FORMAT) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (!space) {
                    out[k++] = ' ';
                    space = true;
                }
                continue;
            }
            out[k++] = Character.toLowerCase(cp);
            space = false;
        }
        if (!space) {
            out[k++] = ' ';
        }
        return k == 1 ? EMPTY : Arrays.copyOf(out, k);
    }

    private static String[] bucketNames(char prefix, int buckets) {
        String[] names = new String[buckets];
        int width = Integer.toString(Math.max(0, buckets - 1)).length();
        for (int i = 0; i < buckets; i++) {
            String digits = Integer.toString(i);
            names[i] = (prefix + "0".repeat(width - digits.length()) + digits).intern();
        }
        return names;
    }
}
