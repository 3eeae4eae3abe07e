package io.qtp.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.postag.POSModel;
import opennlp.tools.util.SequenceValidator;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;

/**
 * Tokenises and tags English with Apache OpenNLP (the Universal Dependencies EWT models published on Maven
 * Central) and fills the English slice of the vector: stop words, part-of-speech ratios, and the question,
 * command, noun-phrase and prepositional-phrase patterns.
 *
 * <p>The models are immutable and loaded once. {@link TokenizerME} and {@link GreedyTagger} are not
 * thread-safe (they keep per-call state), so each thread gets its own pair sharing the models, created on
 * first use. That suits the few long-lived event-loop and worker threads of the service; on virtual threads
 * each new thread would pay for a fresh pair.
 *
 * <p>Four speed-ups keep English analysis within tens of microseconds, all without changing the result on
 * our queries:
 * <ul>
 *   <li>the tagger decodes greedily (beam size 1 instead of the model's 3): about 3.5 times faster, and on
 *       the 600 tokens of the test queries it gives exactly the beam's tags, since queries are short and
 *       the tag of a word rarely depends on a later word. {@link GreedyTagger} runs that decoding itself on
 *       the library's model, context generator and sequence validator, without the beam's bookkeeping
 *       (a sort of every outcome's score and a {@code Sequence} copy per token);
 *   <li>the tagger's context features lower-case each word once per query instead of six times
 *       ({@link TaggerFeatures}; the same contexts as the library's);
 *   <li>whitespace-separated chunks of ASCII letters and digits are taken as tokens as they are, and only
 *       the other chunks ({@code don't}, {@code java.lang.Foo}, {@code "quoted}) go through the maximum
 *       entropy tokenizer. This is OpenNLP's own "alphanumeric optimisation", which the published model
 *       leaves off; the tokenizer never splits such chunks anyway and spends most of its time on them;
 *   <li>both models are evaluated by {@link CompiledMaxent} (flat arrays instead of the library's map of context
 *       strings; the same probabilities), and the tagger compares the outcomes' scores without turning them into
 *       probabilities (the same order, without 38 {@code StrictMath.exp} per token).
 * </ul>
 *
 * <p>The tagger is trained on sentences and is unreliable on keyword queries ("weather/NOUN tokyo/VERB"),
 * so the patterns lean on closed-class words (stop words, auxiliaries, wh-words), which it tags well,
 * more than on the noun/verb distinction.
 */
final class EnglishFeatures {
    static final String TOKENIZER_MODEL = "/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin";
    static final String POS_MODEL = "/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";

    private final ThreadLocal<TokenizerME> tokenizer;
    private final ThreadLocal<GreedyTagger> tagger;

    EnglishFeatures() {
        TokenizerModel published = load(TOKENIZER_MODEL, TokenizerModel::new);
        TokenizerModel tokenizerModel = new TokenizerModel(compile(published.getMaxentModel(), TOKENIZER_MODEL),
                null, published.getFactory());
        POSModel posModel = load(POS_MODEL, POSModel::new);
        CompiledMaxent maxent = compile(posModel.getArtifact("pos.model"), POS_MODEL);
        this.tokenizer = ThreadLocal.withInitial(() -> new TokenizerME(tokenizerModel));
        this.tagger = ThreadLocal.withInitial(() -> new GreedyTagger(maxent, new TaggerFeatures(maxent),
                posModel.getFactory().getSequenceValidator()));
    }

    private static CompiledMaxent compile(Object model, String resource) {
        if (!(model instanceof AbstractModel m) || m.getModelType() != AbstractModel.ModelType.Maxent) {
            throw new IllegalStateException("OpenNLP model " + resource + " is not a maximum entropy model");
        }
        return CompiledMaxent.of(m);
    }

    /** The tags of {@code words} as the service computes them. */
    String[] tags(String[] words) {
        return tagger.get().tag(words);
    }

    /**
     * Greedy decoding of the maximum entropy tagger: at each token the most probable tag that the sequence validator
     * accepts, given the tags chosen before it. That is what OpenNLP's {@code BeamSearch} returns with beam size 1;
     * written here because the library offers greedy decoding only through the beam, whose per-token bookkeeping cost
     * more than a tenth of an English query's analysis. Not thread-safe (the context generator caches per query).
     */
    static final class GreedyTagger {
        private final CompiledMaxent model;
        private final TaggerFeatures contexts;
        private final SequenceValidator<String> validator;
        private final double[] scores;

        GreedyTagger(CompiledMaxent model, TaggerFeatures contexts, SequenceValidator<String> validator) {
            this.model = model;
            this.contexts = contexts;
            this.validator = validator;
            this.scores = new double[model.getNumOutcomes()];
        }

        String[] tag(String[] words) {
            String[] tags = new String[words.length];
            for (int i = 0; i < words.length; i++) {
                String[] before = Arrays.copyOf(tags, i);
                // the scores before exp and normalisation: the same order of tags as the probabilities
                double[] p = contexts.scores(words, i, tags, scores);
                int best = -1;
                for (int o = 0; o < p.length; o++) {
                    if ((best < 0 || p[o] > p[best]) && validator.validSequence(i, words, before, model.getOutcome(o))) {
                        best = o;
                    }
                }
                tags[i] = model.getOutcome(best < 0 ? argmax(p) : best);
            }
            return tags;
        }

        /** The index of the largest value, the first of equal ones. */
        static int argmax(double[] p) {
            int best = 0;
            for (int o = 1; o < p.length; o++) {
                if (p[o] > p[best]) {
                    best = o;
                }
            }
            return best;
        }
    }

    interface ModelReader<M> {
        M read(InputStream in) throws IOException;
    }

    static <M> M load(String resource, ModelReader<M> reader) {
        try (InputStream in = EnglishFeatures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("OpenNLP model " + resource + " not on the classpath");
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenNLP model " + resource, e);
        }
    }

    /** Tokenises and tags {@code text}, writes the English features into {@code f}; returns the tokens. */
    List<Token> analyze(String text, double[] f) {
        String[] words = tokenize(text);
        if (words.length == 0) {
            return List.of();
        }
        return tokensAndFeatures(words, tags(words), normalize(words), f);
    }

    /**
     * The simplified analysis ({@link QueryAnalyzer#analyzeLight}): tokens split at whitespace and punctuation,
     * tags from {@link LexiconTagger}; the same features are then computed from them.
     */
    List<Token> analyzeLight(String text, double[] f) {
        String[] words = LexiconTagger.tokenize(text);
        if (words.length == 0) {
            return List.of();
        }
        String[] normalized = normalize(words);
        String[] tags = new String[words.length];
        for (int i = 0; i < words.length; i++) {
            tags[i] = LexiconTagger.tag(words[i], normalized[i], i == 0);
        }
        return tokensAndFeatures(words, tags, normalized, f);
    }

    private static String[] normalize(String[] words) {
        String[] normalized = new String[words.length];
        for (int i = 0; i < words.length; i++) {
            normalized[i] = EnglishLexicon.normalize(words[i]);
        }
        return normalized;
    }

    /** The tokens of tagged words, with the English features written into {@code f}. */
    private static List<Token> tokensAndFeatures(String[] words, String[] tags, String[] normalized, double[] f) {
        Token[] tokens = new Token[words.length];
        boolean[] isWord = new boolean[words.length];
        for (int i = 0; i < words.length; i++) {
            tokens[i] = new Token(words[i], tags[i]);
            isWord[i] = tokens[i].isWord();
        }
        fill(words, tags, normalized, isWord, f);
        return Arrays.asList(tokens);
    }

    String[] tokenize(String text) {
        List<String> out = new ArrayList<>();
        TokenizerME me = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && Chars.isWhitespace(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            int start = i;
            boolean alphanumeric = true;
            while (i < n && !Chars.isWhitespace(text.codePointAt(i))) {
                char c = text.charAt(i);
                alphanumeric &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                i += Character.charCount(text.codePointAt(i));
            }
            if (i == start) {
                break;
            }
            String chunk = text.substring(start, i);
            if (alphanumeric) {
                out.add(chunk);
            } else {
                if (me == null) {
                    me = tokenizer.get();
                }
                out.addAll(Arrays.asList(me.tokenize(chunk)));
            }
        }
        return out.toArray(new String[0]);
    }

    private static void fill(String[] raw, String[] tags, String[] lower, boolean[] isWord, double[] f) {
        int words = 0;
        int stop = 0;
        int nouns = 0;
        int verbs = 0;
        int adjectives = 0;
        int adverbs = 0;
        int prepositions = 0;
        int determiners = 0;
        int pronouns = 0;
        int conjunctions = 0;
        int wh = 0;
        boolean structure = false;
        boolean prepositionalPhrase = false;
        for (int i = 0; i < tags.length; i++) {
            if (!isWord[i]) {
                continue;
            }
            words++;
            if (isBooleanOperator(raw[i])) {
                continue; // query syntax, not language: neither a stop word nor grammar
            }
            boolean stopWord = EnglishLexicon.STOP_WORDS.contains(lower[i]);
            if (stopWord) {
                stop++;
            }
            if (EnglishLexicon.isWhWord(lower[i])) {
                wh++;
            }
            String tag = tags[i];
            boolean function = stopWord;
            switch (tag) {
                case "NOUN", "PROPN" -> nouns++;
                case "VERB" -> verbs++;
                case "AUX" -> {
                    verbs++;
                    function = true;
                }
                case "ADJ" -> adjectives++;
                case "ADV" -> adverbs++;
                case "ADP" -> {
                    prepositions++;
                    function = true;
                }
                case "DET" -> {
                    determiners++;
                    function = true;
                }
                case "PRON" -> {
                    pronouns++;
                    function = true;
                }
                case "CCONJ", "SCONJ" -> {
                    conjunctions++;
                    function = true;
                }
                case "PART", "INTJ" -> function = true;
                default -> function |= tag.indexOf('+') >= 0; // PRON+AUX of "What's"
            }
            if (function) {
                boolean headsPhrase = nounPhraseFollows(tags, lower, isWord, i + 1);
                if ("ADP".equals(tag)) {
                    prepositionalPhrase |= headsPhrase;
                }
                // A preposition or conjunction with nothing after it to govern ("debug kubernetes aws on in")
                // is a stray keyword, not grammar; every other function word is structure.
                structure |= headsPhrase || !isLinkingTag(tag);
            }
        }

        int first = nextWord(isWord, 0);
        int second = first < 0 ? -1 : nextWord(isWord, first + 1);
        boolean whStart = first >= 0 && EnglishLexicon.isWhWord(lower[first]);
        boolean auxInversion = first >= 0 && isAuxInversion(tags, lower, isWord, first);
        boolean command = first >= 0 && isCommand(tags, lower, isWord, first);
        // "how to configure nginx": an infinitival how-to is the classic keyword-style search, not a question
        boolean whQuestion = whStart && !(second >= 0 && "to".equals(lower[second]));

        f[Feature.EN_STOPWORD_RATIO.ordinal()] = TextStats.ratio(stop, words);
        f[Feature.EN_NOUN_RATIO.ordinal()] = TextStats.ratio(nouns, words);
        f[Feature.EN_VERB_RATIO.ordinal()] = TextStats.ratio(verbs, words);
        f[Feature.EN_ADJECTIVE_RATIO.ordinal()] = TextStats.ratio(adjectives, words);
        f[Feature.EN_ADVERB_RATIO.ordinal()] = TextStats.ratio(adverbs, words);
        f[Feature.EN_PREPOSITION_RATIO.ordinal()] = TextStats.ratio(prepositions, words);
        f[Feature.EN_DETERMINER_RATIO.ordinal()] = TextStats.ratio(determiners, words);
        f[Feature.EN_PRONOUN_RATIO.ordinal()] = TextStats.ratio(pronouns, words);
        f[Feature.EN_CONJUNCTION_RATIO.ordinal()] = TextStats.ratio(conjunctions, words);
        f[Feature.EN_WH_WORD_RATIO.ordinal()] = TextStats.ratio(wh, words);
        f[Feature.EN_WH_QUESTION.ordinal()] = whStart ? 1 : 0;
        f[Feature.EN_AUX_INVERSION.ordinal()] = auxInversion ? 1 : 0;
        f[Feature.EN_COMMAND.ordinal()] = command ? 1 : 0;
        f[Feature.EN_NOUN_PHRASE.ordinal()] = words > 0 && !structure ? 1 : 0;
        f[Feature.EN_PREPOSITIONAL_PHRASE.ordinal()] = prepositionalPhrase ? 1 : 0;
        if (whQuestion || auxInversion) {
            f[Feature.QUESTION_FORM.ordinal()] = 1;
        }
    }

    /** Upper-case AND / OR / NOT: boolean query syntax. */
    private static boolean isBooleanOperator(String token) {
        return "AND".equals(token) || "OR".equals(token) || "NOT".equals(token);
    }

    /** Tags of words that link phrases and mean nothing without one to link. */
    private static boolean isLinkingTag(String tag) {
        return "ADP".equals(tag) || "CCONJ".equals(tag) || "SCONJ".equals(tag);
    }

    private static int nextWord(boolean[] isWord, int from) {
        for (int i = from; i < isWord.length; i++) {
            if (isWord[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A noun phrase starting at {@code from}: optional determiners, possessives, adjectives, numbers and
     * adverbs, then a noun, proper noun, number or gerund ("for image recognition", "on the history",
     * "for improving sleep"). An adjective or verb that ends the query also closes the phrase: it is a
     * noun the tagger misread ("of ibuprofen/ADJ"), since a phrase cannot stop at a modifier.
     */
    private static boolean nounPhraseFollows(String[] tags, String[] lower, boolean[] isWord, int from) {
        for (int j = from; j < tags.length; j++) {
            if (!isWord[j]) {
                return false;
            }
            boolean last = nextWord(isWord, j + 1) < 0;
            switch (tags[j]) {
                case "NOUN", "PROPN", "NUM", "X" -> {
                    return true;
                }
                case "VERB" -> {
                    return last || lower[j].endsWith("ing");
                }
                case "ADJ" -> {
                    if (last) {
                        return true;
                    }
                }
                case "DET", "ADV", "PRON" -> {
                    // "the", "very", "my": the phrase goes on
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    /** A leading auxiliary, optionally negated, followed by its subject: "Is PostgreSQL ...", "Don't you ...". */
    private static boolean isAuxInversion(String[] tags, String[] lower, boolean[] isWord, int first) {
        if (!EnglishLexicon.INVERTING_AUXILIARIES.contains(lower[first])) {
            return false;
        }
        int next = nextWord(isWord, first + 1);
        while (next >= 0 && ("n't".equals(lower[next]) || "not".equals(lower[next]))) {
            next = nextWord(isWord, next + 1);
        }
        if (next < 0) {
            return false;
        }
        return switch (tags[next]) {
            case "PRON", "NOUN", "PROPN", "DET", "NUM" -> true;
            default -> false;
        };
    }

    /**
     * A leading request marker ("please ..."), a leading listed imperative tagged as a verb or followed by a
     * determiner or pronoun ("list the ..."; but "list of countries" is a noun), or any leading base-form
     * verb followed by a determiner or pronoun ("install the latest ...", "send me ...").
     */
    private static boolean isCommand(String[] tags, String[] lower, boolean[] isWord, int first) {
        if (EnglishLexicon.REQUEST_MARKERS.contains(lower[first])) {
            return true;
        }
        int next = nextWord(isWord, first + 1);
        boolean objectFollows = next >= 0 && ("DET".equals(tags[next]) || "PRON".equals(tags[next]));
        if (EnglishLexicon.IMPERATIVE_VERBS.contains(lower[first])) {
            return "VERB".equals(tags[first]) || objectFollows;
        }
        String w = lower[first];
        return "VERB".equals(tags[first]) && objectFollows
                && !w.endsWith("ing") && !w.endsWith("ed") && !w.endsWith("s");
    }
}
