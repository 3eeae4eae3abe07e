package io.qtp.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.BaseFormAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Tokenises Japanese with Kuromoji and fills the Japanese slice of the vector (parts of speech, content and
 * function words, particle groups, sentence endings, connectives, honorifics).
 *
 * <p>Kuromoji runs inside a Lucene {@link Analyzer}: the analyzer keeps one tokenizer per thread and resets
 * it for each query, so analysis allocates little and is thread-safe without locking. The tokenizer runs
 * in {@code NORMAL} mode (no search-mode decompounding: 学習方法 stays 学習 + 方法 as the dictionary
 * segments it, and katakana compounds are not split further), keeps punctuation (needed to find the end of
 * a sentence), and has no filters: stop words and particles are exactly what the features count.
 */
final class JapaneseFeatures {

    private final Analyzer analyzer = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            return new TokenStreamComponents(new JapaneseTokenizer(null, false, JapaneseTokenizer.Mode.NORMAL));
        }
    };

    /** Tokenises {@code text} and writes the Japanese features into {@code f}; returns the tokens. */
    List<Token> analyze(String text, double[] f) {
        List<Token> tokens = new ArrayList<>(Math.min(64, text.length() + 1));
        List<JapanesePos> tags = new ArrayList<>(Math.min(64, text.length() + 1));
        tokenize(text, tokens, tags);
        fill(tokens, tags, f);
        return tokens;
    }

    private void tokenize(String text, List<Token> tokens, List<JapanesePos> tags) {
        try (TokenStream ts = analyzer.tokenStream("q", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PartOfSpeechAttribute pos = ts.addAttribute(PartOfSpeechAttribute.class);
            BaseFormAttribute baseForm = ts.addAttribute(BaseFormAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                if (Chars.isBlank(term)) {
                    continue; // whitespace tokens (記号-空白) carry nothing; whitespace is measured elsewhere
                }
                String surface = term.toString();
                JapanesePos p = JapanesePos.of(pos.getPartOfSpeech());
                String base = baseForm.getBaseForm(); // null when the surface is the dictionary form
                tokens.add(new Token(surface, p.top, p.tag, base == null ? surface : base));
                tags.add(p);
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the reader is a string
        }
    }

    private static void fill(List<Token> tokens, List<JapanesePos> tags, double[] f) {
        int n = tokens.size();
        int words = 0;
        int nouns = 0;
        int verbs = 0;
        int adjectives = 0;
        int adverbs = 0;
        int particles = 0;
        int auxiliaries = 0;
        int conjunctions = 0;
        int content = 0;
        int function = 0;
        int caseParticles = 0;
        int topicParticles = 0;
        int conjunctiveParticles = 0;
        int finalParticles = 0;
        int honorifics = 0;
        boolean interrogative = false;
        boolean polite = false;
        boolean request = false;
        int lastWord = -1;
        int previousWord = -1;

        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            JapanesePos p = tags.get(i);
            if (!t.isWord()) {
                continue;
            }
            words++;
            String surface = t.text();
            String base = t.baseForm();
            switch (p.top) {
                case JapanesePos.NOUN -> {
                    nouns++;
                    if (p.dependent || p.pronoun) {
                        function++;
                    } else {
                        content++;
                    }
                }
                case JapanesePos.VERB -> {
                    verbs++;
                    if (p.dependent) {
                        function++;
                    } else {
                        content++;
                    }
                }
                case JapanesePos.ADJECTIVE -> {
                    adjectives++;
                    if (p.dependent) {
                        function++;
                    } else {
                        content++;
                    }
                }
                case JapanesePos.ADVERB -> {
                    adverbs++;
                    content++;
                }
                case JapanesePos.PARTICLE -> {
                    particles++;
                    function++;
                    if (p.topicParticle) {
                        topicParticles++;
                    } else if (p.conjunctiveParticle) {
                        conjunctiveParticles++;
                    } else if (p.finalParticle) {
                        finalParticles++;
                    } else if (p.caseParticle
                            || (!p.maybeFinalParticle && JapaneseLexicon.CASE_PARTICLES.contains(surface))) {
                        caseParticles++;
                    }
                }
                case JapanesePos.AUX_VERB -> {
                    auxiliaries++;
                    function++;
                    if (JapaneseLexicon.CONDITIONAL_AUXILIARIES.contains(surface)) {
                        conjunctiveParticles++;
                    }
                    polite |= JapaneseLexicon.POLITE_AUXILIARIES.contains(base);
                }
                case JapanesePos.CONJUNCTION -> {
                    conjunctions++;
                    function++;
                }
                case JapanesePos.ADNOMINAL -> function++;
                default -> {
                    // 接頭詞, 感動詞, フィラー, unknown: neither content nor function
                }
            }
            if (p.is(JapanesePos.VERB)) {
                polite |= JapaneseLexicon.POLITE_VERBS.contains(base);
                request |= JapaneseLexicon.REQUEST_VERBS.contains(base);
            }
            // lastWord is still the word before this one here
            if (JapaneseLexicon.TE_REQUEST_VERBS.contains(base) && lastWord >= 0
                    && isTeForm(tokens.get(lastWord), tags.get(lastWord))) {
                request = true;
            }
            if ("お願い".equals(surface) || ("願い".equals(surface) && lastWord >= 0
                    && "お".equals(tokens.get(lastWord).text()))) {
                request = true;
            }
            if (p.is(JapanesePos.PREFIX) ? JapaneseLexicon.HONORIFIC_PREFIXES.contains(surface)
                    : p.is(JapanesePos.VERB) && JapaneseLexicon.HONORIFIC_VERBS.contains(base)) {
                honorifics++;
            }
            interrogative |= JapaneseLexicon.INTERROGATIVES.contains(surface);
            previousWord = lastWord;
            lastWord = i;
        }

        // The sentence end: trailing final particles (か, かな, よね ...). An ambiguous か (副助詞／並立助詞／終助詞)
        // is final only here; 何か in the middle of a sentence is not a question.
        boolean questionEnding = false;
        boolean predicateEnding = false;
        if (lastWord >= 0) {
            int i = lastWord;
            while (i >= 0) {
                Token t = tokens.get(i);
                JapanesePos p = tags.get(i);
                if (t.isWord()) {
                    if (!p.finalParticle && !p.maybeFinalParticle) {
                        break;
                    }
                    if (p.maybeFinalParticle) {
                        finalParticles++;
                    }
                    questionEnding |= "か".equals(t.text());
                }
                i--;
            }
            Token last = tokens.get(lastWord);
            JapanesePos lastTag = tags.get(lastWord);
            questionEnding |= "の".equals(last.text()) && (lastTag.finalParticle || lastTag.dependent);
            boolean teEnding = isTeForm(last, lastTag) && previousWord >= 0
                    && tags.get(previousWord).is(JapanesePos.VERB);
            request |= teEnding; // 教えて: a casual request
            predicateEnding = lastTag.is(JapanesePos.VERB) || lastTag.is(JapanesePos.AUX_VERB)
                    || lastTag.is(JapanesePos.ADJECTIVE) || lastTag.finalParticle || lastTag.maybeFinalParticle
                    || teEnding;
        }

        f[Feature.JA_NOUN_RATIO.ordinal()] = TextStats.ratio(nouns, words);
        f[Feature.JA_VERB_RATIO.ordinal()] = TextStats.ratio(verbs, words);
        f[Feature.JA_ADJECTIVE_RATIO.ordinal()] = TextStats.ratio(adjectives, words);
        f[Feature.JA_ADVERB_RATIO.ordinal()] = TextStats.ratio(adverbs, words);
        f[Feature.JA_PARTICLE_RATIO.ordinal()] = TextStats.ratio(particles, words);
        f[Feature.JA_AUX_VERB_RATIO.ordinal()] = TextStats.ratio(auxiliaries, words);
        f[Feature.JA_CONJUNCTION_RATIO.ordinal()] = TextStats.ratio(conjunctions, words);
        f[Feature.JA_CONTENT_WORD_RATIO.ordinal()] = TextStats.ratio(content, words);
        f[Feature.JA_FUNCTION_WORD_RATIO.ordinal()] = TextStats.ratio(function, words);
        f[Feature.JA_CASE_PARTICLE_RATIO.ordinal()] = TextStats.ratio(caseParticles, words);
        f[Feature.JA_TOPIC_PARTICLE_RATIO.ordinal()] = TextStats.ratio(topicParticles, words);
        f[Feature.JA_CONJUNCTIVE_PARTICLE_RATIO.ordinal()] = TextStats.ratio(conjunctiveParticles, words);
        f[Feature.JA_FINAL_PARTICLE_RATIO.ordinal()] = TextStats.ratio(finalParticles, words);
        f[Feature.JA_QUESTION_ENDING.ordinal()] = questionEnding ? 1 : 0;
        f[Feature.JA_INTERROGATIVE.ordinal()] = interrogative ? 1 : 0;
        f[Feature.JA_REQUEST_ENDING.ordinal()] = request ? 1 : 0;
        f[Feature.JA_POLITE.ordinal()] = polite ? 1 : 0;
        f[Feature.JA_PREDICATE_ENDING.ordinal()] = predicateEnding ? 1 : 0;
        f[Feature.JA_CONNECTIVE.ordinal()] = conjunctions > 0 ? 1 : 0;
        f[Feature.JA_HONORIFIC.ordinal()] = Math.min(honorifics, 3) / 3.0;
    }

    /** The conjunctive particle て/で of a te-form (教えて, 読んで). */
    private static boolean isTeForm(Token t, JapanesePos p) {
        return p.conjunctiveParticle && ("て".equals(t.text()) || "で".equals(t.text()));
    }
}
