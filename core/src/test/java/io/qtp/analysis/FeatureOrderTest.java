package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The vector layout is part of every saved model. These assertions fail on any accidental reordering,
 * insertion or removal; an intended change must bump {@link Feature#SET_VERSION} and update this test and
 * docs/FEATURES.md together.
 */
class FeatureOrderTest {

    /** The full layout of feature set version 2: version 1 plus the guide cues (63-79). */
    static final List<String> LAYOUT_V3 = List.of(
            "LANGUAGE_JA", "CHAR_COUNT", "CHAR_COUNT_NORM", "TOKEN_COUNT", "TOKEN_COUNT_NORM", "TERM_COUNT",
            "TERM_COUNT_NORM", "AVG_TOKEN_LENGTH", "AVG_TOKEN_LENGTH_NORM", "UNIQUE_TOKEN_RATIO",
            "SPECIAL_CHAR_RATIO", "DIGIT_RATIO", "UPPERCASE_RATIO", "WHITESPACE_RATIO", "TRAILING_QUESTION_MARK",
            "QUESTION_FORM",
            "SCRIPT_KANJI", "SCRIPT_HIRAGANA", "SCRIPT_KATAKANA", "SCRIPT_LATIN", "SCRIPT_DIGIT", "SCRIPT_SYMBOL",
            "QUOTED_PHRASE", "FULLY_QUOTED", "BOOLEAN_OPERATOR", "FIELD_SYNTAX", "SEARCH_OPERATOR",
            "CODE_TOKEN_RATIO",
            "JA_NOUN_RATIO", "JA_VERB_RATIO", "JA_ADJECTIVE_RATIO", "JA_ADVERB_RATIO", "JA_PARTICLE_RATIO",
            "JA_AUX_VERB_RATIO", "JA_CONJUNCTION_RATIO", "JA_CONTENT_WORD_RATIO", "JA_FUNCTION_WORD_RATIO",
            "JA_CASE_PARTICLE_RATIO", "JA_TOPIC_PARTICLE_RATIO", "JA_CONJUNCTIVE_PARTICLE_RATIO",
            "JA_FINAL_PARTICLE_RATIO", "JA_QUESTION_ENDING", "JA_INTERROGATIVE", "JA_REQUEST_ENDING", "JA_POLITE",
            "JA_PREDICATE_ENDING", "JA_CONNECTIVE", "JA_HONORIFIC",
            "EN_STOPWORD_RATIO", "EN_NOUN_RATIO", "EN_VERB_RATIO", "EN_ADJECTIVE_RATIO", "EN_ADVERB_RATIO",
            "EN_PREPOSITION_RATIO", "EN_DETERMINER_RATIO", "EN_PRONOUN_RATIO", "EN_CONJUNCTION_RATIO",
            "EN_WH_WORD_RATIO", "EN_WH_QUESTION", "EN_AUX_INVERSION", "EN_COMMAND", "EN_NOUN_PHRASE",
            "EN_PREPOSITIONAL_PHRASE",
            "QUOTED_UNIT_WITH_TERMS", "JA_INTENT_NOUN_TERM", "JA_JUDGEMENT_END", "JA_SPACED_PREDICATE",
            "JA_CONNECTED_CLAUSE", "JA_ATTACHED_QUESTION_WORD", "JA_STANDALONE_QUESTION_WORD", "EN_WAKE_WORD",
            "EN_REQUEST", "EN_TASK_VERB", "EN_FUNCTION_WORD_JOIN", "EN_WH_FINITE", "EN_SUBJECT_VERB", "MESSAGE_OR_CODE",
            "GUIDE_KEYWORD", "GUIDE_SEMANTIC", "GUIDE_HYBRID",
            "EN_NAMED_MESSAGE", "EN_TITLE_FACET");

    @Test
    void layoutIsStable() {
        assertThat(Feature.SET_VERSION).isEqualTo("3");
        assertThat(Feature.values()).extracting(Enum::name).containsExactlyElementsOf(LAYOUT_V3);
        assertThat(Feature.count()).isEqualTo(82).isEqualTo(Feature.values().length);
    }

    @Test
    void familyBoundaries() {
        assertThat(Feature.LANGUAGE_JA.ordinal()).isZero();
        assertThat(Feature.SCRIPT_KANJI.ordinal()).isEqualTo(16);
        assertThat(Feature.QUOTED_PHRASE.ordinal()).isEqualTo(22);
        assertThat(Feature.JA_NOUN_RATIO.ordinal()).isEqualTo(28);
        assertThat(Feature.EN_STOPWORD_RATIO.ordinal()).isEqualTo(48);
        assertThat(Feature.EN_PREPOSITIONAL_PHRASE.ordinal()).isEqualTo(62);
        assertThat(Feature.QUOTED_UNIT_WITH_TERMS.ordinal()).isEqualTo(63);
        assertThat(Feature.GUIDE_HYBRID.ordinal()).isEqualTo(79);
    }

    @Test
    void analysisVectorHasOneSlotPerFeature() {
        assertThat(Analyzers.analyze("vector search").features()).hasSize(Feature.count());
    }

    /** docs/FEATURES.md lists "| index | NAME |" rows; they must match the enum (checked when the doc is present). */
    @Test
    void documentationListsTheSameOrder() throws IOException {
        Path doc = Path.of("docs/FEATURES.md");
        if (!Files.exists(doc)) {
            return;
        }
        Pattern row = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*`?([A-Z_]+)`?\\s*\\|");
        int rows = 0;
        for (String line : Files.readAllLines(doc)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                int index = Integer.parseInt(m.group(1));
                assertThat(Feature.values()[index].name()).as("docs/FEATURES.md row " + index).isEqualTo(m.group(2));
                rows++;
            }
        }
        assertThat(rows).isEqualTo(Feature.count());
    }
}
