package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnglishFeaturesTest {

    @Test
    void whQuestionWithoutQuestionMark() {
        // How/ADV do/AUX I/PRON reset/VERB my/PRON password/NOUN
        QueryAnalysis a = Analyzers.analyze("How do I reset my password");
        assertThat(a.tokens()).extracting(Token::pos).containsExactly("ADV", "AUX", "PRON", "VERB", "PRON", "NOUN");
        assertThat(a.feature(Feature.EN_WH_QUESTION)).isEqualTo(1.0);
        assertThat(a.feature(Feature.QUESTION_FORM)).isEqualTo(1.0);
        assertThat(a.feature(Feature.TRAILING_QUESTION_MARK)).isZero();
        assertThat(a.feature(Feature.EN_WH_WORD_RATIO)).isCloseTo(1 / 6.0, within(1e-12));
        assertThat(a.feature(Feature.EN_PRONOUN_RATIO)).isCloseTo(2 / 6.0, within(1e-12));
        assertThat(a.feature(Feature.EN_VERB_RATIO)).isCloseTo(2 / 6.0, within(1e-12)); // do + reset
        assertThat(a.feature(Feature.EN_STOPWORD_RATIO)).isCloseTo(4 / 6.0, within(1e-12)); // how do i my
        assertThat(a.feature(Feature.EN_NOUN_PHRASE)).isZero();
        assertThat(a.feature(Feature.EN_COMMAND)).isZero();
    }

    @Test
    void auxiliaryInversion() {
        QueryAnalysis a = Analyzers.analyze("Is PostgreSQL faster than MySQL");
        assertThat(a.feature(Feature.EN_AUX_INVERSION)).isEqualTo(1.0);
        assertThat(a.feature(Feature.QUESTION_FORM)).isEqualTo(1.0);
        assertThat(a.feature(Feature.EN_WH_QUESTION)).isZero();
    }

    @Test
    void negatedAuxiliaryStillInverts() {
        assertThat(Analyzers.analyze("Don't you think so").feature(Feature.EN_AUX_INVERSION)).isEqualTo(1.0);
        assertThat(Analyzers.analyze("isn't it obvious").feature(Feature.EN_AUX_INVERSION)).isEqualTo(1.0);
        // "do not disturb": the auxiliary is followed by a verb, not by a subject
        assertThat(Analyzers.analyze("do not disturb sign").feature(Feature.EN_AUX_INVERSION)).isZero();
    }

    @Test
    void commandWithPrepositionalPhrase() {
        QueryAnalysis a = Analyzers.analyze("Explain the difference between TCP and UDP");
        assertThat(a.feature(Feature.EN_COMMAND)).isEqualTo(1.0);
        assertThat(a.feature(Feature.EN_PREPOSITIONAL_PHRASE)).isEqualTo(1.0); // between TCP
        assertThat(a.feature(Feature.EN_DETERMINER_RATIO)).isCloseTo(1 / 7.0, within(1e-12));
        assertThat(a.feature(Feature.EN_CONJUNCTION_RATIO)).isCloseTo(1 / 7.0, within(1e-12));
        assertThat(a.feature(Feature.EN_PREPOSITION_RATIO)).isCloseTo(1 / 7.0, within(1e-12));
        assertThat(a.feature(Feature.QUESTION_FORM)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"please help me choose a laptop", "tell me about the roman empire",
            "summarize this article", "install the latest version of node"})
    void commands(String query) {
        assertThat(Analyzers.analyze(query).feature(Feature.EN_COMMAND)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"list of countries by population", "search engine optimization", "react useEffect cleanup"})
    void nounsThatLookLikeImperativesAreNotCommands(String query) {
        assertThat(Analyzers.analyze(query).feature(Feature.EN_COMMAND)).isZero();
    }

    @Test
    void howToIsAWhStartButNotAQuestionForm() {
        QueryAnalysis a = Analyzers.analyze("how to configure nginx reverse proxy");
        assertThat(a.feature(Feature.EN_WH_QUESTION)).isEqualTo(1.0);
        assertThat(a.feature(Feature.QUESTION_FORM)).isZero();
    }

    @Test
    void bareNounPhraseToleratesTaggerVerbs() {
        // the tagger says machine/NOUN learning/VERB ...: still a bare noun phrase
        QueryAnalysis a = Analyzers.analyze("machine learning algorithm comparison");
        assertThat(a.feature(Feature.EN_NOUN_PHRASE)).isEqualTo(1.0);
        assertThat(a.feature(Feature.EN_STOPWORD_RATIO)).isZero();
        assertThat(a.feature(Feature.EN_PREPOSITIONAL_PHRASE)).isZero();
    }

    @Test
    void prepositionalPhraseOfTheHybridExample() {
        QueryAnalysis a = Analyzers.analyze("machine learning algorithm comparison for image recognition");
        assertThat(a.feature(Feature.EN_PREPOSITIONAL_PHRASE)).isEqualTo(1.0);
        assertThat(a.feature(Feature.EN_NOUN_PHRASE)).isZero();
        assertThat(a.feature(Feature.EN_STOPWORD_RATIO)).isCloseTo(1 / 7.0, within(1e-12));
    }

    @Test
    void strayStopWordsDoNotMakeStructure() {
        // "on" and "in" are stop words, but they govern nothing: still a keyword list
        QueryAnalysis a = Analyzers.analyze("debug kubernetes aws on in");
        assertThat(a.feature(Feature.EN_STOPWORD_RATIO)).isCloseTo(2 / 5.0, within(1e-12));
        assertThat(a.feature(Feature.EN_NOUN_RATIO)).isCloseTo(3 / 5.0, within(1e-12));
        assertThat(a.feature(Feature.EN_PREPOSITIONAL_PHRASE)).isZero();
        assertThat(a.feature(Feature.EN_NOUN_PHRASE)).isEqualTo(1.0);
        assertThat(a.feature(Feature.QUESTION_FORM)).isZero();
        assertThat(a.feature(Feature.EN_COMMAND)).isZero();
    }

    @Test
    void prepositionBeforeAMistaggedNounIsStillAPhrase() {
        // the tagger reads ibuprofen as an adjective
        assertThat(Analyzers.analyze("side effects of ibuprofen").feature(Feature.EN_PREPOSITIONAL_PHRASE))
                .isEqualTo(1.0);
    }

    @Test
    void japaneseFeaturesAreZeroForEnglish() {
        QueryAnalysis a = Analyzers.analyze("What are the best practices for implementing vector search in PostgreSQL?");
        for (Feature f : Feature.values()) {
            if (f.name().startsWith("JA_")) {
                assertThat(a.feature(f)).as(f.name()).isZero();
            }
        }
        assertThat(a.feature(Feature.LANGUAGE_JA)).isZero();
        assertThat(a.feature(Feature.EN_STOPWORD_RATIO)).isGreaterThan(0.4);
    }

    @Test
    void upperCaseOperatorsAreNotStopWords() {
        QueryAnalysis operators = Analyzers.analyze("kubernetes AND helm");
        QueryAnalysis words = Analyzers.analyze("kubernetes and helm");
        assertThat(operators.feature(Feature.EN_STOPWORD_RATIO)).isZero();
        assertThat(words.feature(Feature.EN_STOPWORD_RATIO)).isCloseTo(1 / 3.0, within(1e-12));
    }
}
