package io.qtp.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import opennlp.tools.util.featuregen.FeatureGeneratorUtil;
import opennlp.tools.util.featuregen.PrefixFeatureGenerator;
import opennlp.tools.util.featuregen.SuffixFeatureGenerator;

/**
 * The context features of the English part-of-speech model and the model's scores for them. The contexts are the
 * library's (the generators of the model's descriptor, {@code generator.featuregen} in opennlp-models-pos-en 1.3.0,
 * in its order): for token {@code i}, {@code def}; the word's suffixes and prefixes (the library's own generators);
 * {@code w=} the lower-cased word; {@code p1w=}, {@code p2w=}, {@code n1w=}, {@code n2w=} the lower-cased words around
 * it; {@code S=begin}, {@code p1S=begin} or {@code p2S=begin} near the start; {@code wc=} the token class and
 * {@code w&c=} word and class; {@code t=} the previous tag and {@code t2=} the two previous tags.
 * {@code EnglishTaggerTest} checks that {@link #contexts} equals the library's context generator on every token of
 * every English query of the data.
 *
 * <p>{@link #scores} gives the same scores as {@link CompiledMaxent#scores} on those contexts, bit for bit (the same
 * parameters added in the same order), without building and looking up the strings for every token: what depends on a
 * word alone (its own contexts and the contexts it gives its neighbours) is looked up once per distinct word and kept
 * as predicate indices. Building and looking up about 15 context strings per token (hashing each new string, then
 * three dependent reads in the model's tables) was 15 % of the server's CPU for an uncached prediction
 * (docs/BENCHMARKS.md, "CPU time per request"). Written here because OpenNLP evaluates a model only on strings.
 *
 * <p>Not thread-safe: one instance per tagger, one tagger per thread.
 */
final class TaggerFeatures {

    /** Words kept before the cache starts again (about 200 bytes each: at most about 4 MB per thread). */
    private static final int MAX_WORDS = 20_000;

    private final CompiledMaxent model;
    private final int def;
    private final int sentenceBegin;
    private final int sentenceBeginBefore1;
    private final int sentenceBeginBefore2;
    private final Map<String, Word> words = new HashMap<>();
    private final Map<String, Integer> previousTag = new HashMap<>();
    private final Map<String, Integer> previousTags = new HashMap<>();
    private final SuffixFeatureGenerator suffixes = new SuffixFeatureGenerator();
    private final PrefixFeatureGenerator prefixes = new PrefixFeatureGenerator();
    private final List<String> scratch = new ArrayList<>();
    /** The query whose words {@link #current} holds (by identity: the tagger passes one array per query). */
    private String[] query;
    private Word[] current = new Word[16];

    /**
     * What one word contributes, as the model's predicate indices: its own contexts (the known ones, in order) and,
     * for each neighbour position, the context it gives there (-1: one the model does not know).
     */
    private record Word(int[] own, int[] ownClass, int before1, int before2, int after1, int after2) {
    }

    TaggerFeatures(CompiledMaxent model) {
        this.model = model;
        this.def = model.find("def");
        this.sentenceBegin = model.find("S=begin");
        this.sentenceBeginBefore1 = model.find("p1S=begin");
        this.sentenceBeginBefore2 = model.find("p2S=begin");
    }

    /**
     * The scores of token {@code i} (the log prior plus the known contexts' parameters, before the exponential), as
     * {@code model.scores(contexts(words, i, tags), null, out)}; {@code tags} holds at least the tags before {@code i}.
     * The words of a query are looked up when a token of it is first asked for.
     */
    double[] scores(String[] words, int i, String[] tags, double[] out) {
        int n = words.length;
        if (words != query) {
            query = words;
            if (current.length < n) {
                current = new Word[Math.max(n, 2 * current.length)];
            }
            for (int k = 0; k < n; k++) {
                current[k] = word(words[k]);
            }
        }
        Word w = current[i];
        model.prior(out);
        model.add(def, out);
        for (int p : w.own()) {
            model.add(p, out);
        }
        if (i > 0) {
            model.add(current[i - 1].before1(), out);
        }
        if (i > 1) {
            model.add(current[i - 2].before2(), out);
        }
        if (i + 1 < n) {
            model.add(current[i + 1].after1(), out);
        }
        if (i + 2 < n) {
            model.add(current[i + 2].after2(), out);
        }
        if (i == 0) {
            model.add(sentenceBegin, out);
        } else if (i == 1) {
            model.add(sentenceBeginBefore1, out);
        } else if (i == 2) {
            model.add(sentenceBeginBefore2, out);
        }
        for (int p : w.ownClass()) {
            model.add(p, out);
        }
        if (i > 0) {
            String t1 = tags[i - 1];
            model.add(previousTag.computeIfAbsent(t1, t -> model.find("t=" + t)), out);
            if (i > 1) {
                String t2 = tags[i - 2] + "," + t1;
                model.add(previousTags.computeIfAbsent(t2, t -> model.find("t2=" + t)), out);
            }
        }
        return out;
    }

    /** The context strings of token {@code i}, in the library's order (for tests and diagnostics). */
    String[] contexts(String[] words, int i, String[] tags) {
        List<String> c = new ArrayList<>();
        c.add("def");
        c.addAll(own(words[i]));
        if (i > 0) {
            c.add("p1w=" + lowerCase(words[i - 1]));
        }
        if (i > 1) {
            c.add("p2w=" + lowerCase(words[i - 2]));
        }
        if (i + 1 < words.length) {
            c.add("n1w=" + lowerCase(words[i + 1]));
        }
        if (i + 2 < words.length) {
            c.add("n2w=" + lowerCase(words[i + 2]));
        }
        if (i <= 2) {
            c.add(i == 0 ? "S=begin" : "p" + i + "S=begin");
        }
        c.addAll(ownClass(words[i]));
        if (i > 0) {
            c.add("t=" + tags[i - 1]);
        }
        if (i > 1) {
            c.add("t2=" + tags[i - 2] + "," + tags[i - 1]);
        }
        return c.toArray(new String[0]);
    }

    private Word word(String token) {
        Word w = words.get(token);
        if (w == null) {
            if (words.size() >= MAX_WORDS) {
                words.clear();
            }
            String lower = lowerCase(token);
            w = new Word(indices(own(token)), indices(ownClass(token)), model.find("p1w=" + lower),
                    model.find("p2w=" + lower), model.find("n1w=" + lower), model.find("n2w=" + lower));
            words.put(token, w);
        }
        return w;
    }

    /** Suffixes, prefixes (the library's generators) and the lower-cased word. */
    private List<String> own(String token) {
        String[] one = {token};
        scratch.clear();
        suffixes.createFeatures(scratch, one, 0, null);
        prefixes.createFeatures(scratch, one, 0, null);
        scratch.add("w=" + lowerCase(token));
        return List.copyOf(scratch);
    }

    /** {@code TokenClassFeatureGenerator(generateWordAndClassFeature: true)}. */
    private static List<String> ownClass(String token) {
        String c = FeatureGeneratorUtil.tokenFeature(token);
        return List.of("wc=" + c, "w&c=" + lowerCase(token) + "," + c);
    }

    /** The known predicates among {@code contexts}, in order (an unknown context adds nothing). */
    private int[] indices(List<String> contexts) {
        return contexts.stream().mapToInt(model::find).filter(p -> p >= 0).toArray();
    }

    /** Each code point through {@link Character#toLowerCase(int)}, as OpenNLP's {@code StringUtil.toLowerCase}. */
    static String lowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c >= 'A' && c <= 'Z') {
                return s.codePoints().map(Character::toLowerCase)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            }
        }
        return s; // nothing to lower-case: most query words
    }
}
