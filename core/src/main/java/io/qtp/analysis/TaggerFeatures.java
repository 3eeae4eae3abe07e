package io.qtp.analysis;

import java.util.List;

import opennlp.tools.util.featuregen.AdaptiveFeatureGenerator;
import opennlp.tools.util.featuregen.AggregatedFeatureGenerator;
import opennlp.tools.util.featuregen.FeatureGeneratorUtil;
import opennlp.tools.util.featuregen.OutcomePriorFeatureGenerator;
import opennlp.tools.util.featuregen.PosTaggerFeatureGenerator;
import opennlp.tools.util.featuregen.PrefixFeatureGenerator;
import opennlp.tools.util.featuregen.SentenceFeatureGenerator;
import opennlp.tools.util.featuregen.SuffixFeatureGenerator;
import opennlp.tools.util.featuregen.WindowFeatureGenerator;

/**
 * The context features of the English part-of-speech model, built from OpenNLP's own feature generators in the order
 * of the model's descriptor ({@code generator.featuregen} in opennlp-models-pos-en 1.3.0: outcome prior, suffixes,
 * prefixes, the lower-cased words in a window of 2 + 2, sentence begin in the same window, token class with the
 * lower-cased word, previous tags), except that the word is lower-cased once per token and query instead of at each of
 * the six places that read it (the library lower-cases through an {@code IntStream} each time: the largest allocation
 * of an English query). Without the library's per-index cache, which greedy decoding never hits (each token's
 * context is asked for once). EnglishTaggerTest checks that the contexts equal the library's on every token of every
 * English query of the data; written here because OpenNLP has no option to lower-case once.
 *
 * <p>Not thread-safe: it keeps the current query's lower-cased words, keyed by the identity of the token array as the
 * library's own cache is (one instance per tagger, one tagger per thread, a new array per query).
 */
final class TaggerFeatures {

    private String[] tokens;
    private String[] lower;
    private String[] classes;

    private TaggerFeatures() {
    }

    /** A new generator for one thread. */
    static AdaptiveFeatureGenerator create() {
        TaggerFeatures words = new TaggerFeatures();
        return new AggregatedFeatureGenerator(
                new OutcomePriorFeatureGenerator(),
                new SuffixFeatureGenerator(),
                new PrefixFeatureGenerator(),
                new WindowFeatureGenerator(words::word, 2, 2),
                new WindowFeatureGenerator(new SentenceFeatureGenerator(true, false), 2, 2),
                words::tokenClass,
                new PosTaggerFeatureGenerator());
    }

    /** {@code TokenFeatureGenerator(lowercase: true)}. */
    private void word(List<String> features, String[] tokens, int index, String[] previousOutcomes) {
        features.add("w=" + lower(tokens, index));
    }

    /** {@code TokenClassFeatureGenerator(generateWordAndClassFeature: true)}. */
    private void tokenClass(List<String> features, String[] tokens, int index, String[] previousOutcomes) {
        String l = lower(tokens, index); // (re)sets the arrays for a new query first
        String c = classes[index];
        if (c == null) {
            c = classes[index] = FeatureGeneratorUtil.tokenFeature(tokens[index]);
        }
        features.add("wc=" + c);
        features.add("w&c=" + l + "," + c);
    }

    private String lower(String[] tokens, int index) {
        if (this.tokens != tokens) {
            this.tokens = tokens;
            this.lower = new String[tokens.length];
            this.classes = new String[tokens.length];
        }
        String l = lower[index];
        if (l == null) {
            l = lower[index] = lowerCase(tokens[index]);
        }
        return l;
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
