package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntaxFeaturesTest {

    @Test
    void quotedPhraseNextToATerm() {
        QueryAnalysis a = Analyzers.analyze("\"connection refused\" nginx");
        assertThat(a.feature(Feature.QUOTED_PHRASE)).isEqualTo(1.0);
        assertThat(a.feature(Feature.FULLY_QUOTED)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"connection refused\"", "「機械学習」", "『吾輩は猫である』", "“vector search”"})
    void fullyQuoted(String query) {
        QueryAnalysis a = Analyzers.analyze(query);
        assertThat(a.feature(Feature.QUOTED_PHRASE)).isEqualTo(1.0);
        assertThat(a.feature(Feature.FULLY_QUOTED)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a\" and \"b\"", "\"\" empty", "say \"hi", "plain words"})
    void notFullyQuoted(String query) {
        assertThat(Analyzers.analyze(query).feature(Feature.FULLY_QUOTED)).isZero();
    }

    @Test
    void emptyQuotesAreNoPhrase() {
        assertThat(Analyzers.analyze("\"\" nothing").feature(Feature.QUOTED_PHRASE)).isZero();
        assertThat(Analyzers.analyze("これは「」です").feature(Feature.QUOTED_PHRASE)).isZero();
    }

    @Test
    void upperCaseBooleanOperators() {
        assertThat(Analyzers.analyze("kubernetes AND (helm OR kustomize) NOT openshift")
                .feature(Feature.BOOLEAN_OPERATOR)).isEqualTo(1.0);
        assertThat(Analyzers.analyze("東京 AND 大阪").feature(Feature.BOOLEAN_OPERATOR)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes and helm or kustomize", "salt and pepper", "OR", "ANDROID ORACLE NOTE",
            "rock'n'roll"})
    void lowerCaseOrEmbeddedOperatorsAreNotBoolean(String query) {
        assertThat(Analyzers.analyze(query).feature(Feature.BOOLEAN_OPERATOR)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"author:knuth title:algorithms", "lang:ja 検索", "site:github.com rust",
            "title:機械学習", "-status:closed bug"})
    void fieldSyntax(String query) {
        assertThat(Analyzers.analyze(query).feature(Feature.FIELD_SYNTAX)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/path", "https://example.com", "std::vector push_back", "C:\\Windows",
            "meeting at 12:30", "note: read this", "ratio 16:9"})
    void notFieldSyntax(String query) {
        assertThat(Analyzers.analyze(query).feature(Feature.FIELD_SYNTAX)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes -openshift", "+required term", "kube*", "colour~"})
    void searchOperators(String query) {
        assertThat(Analyzers.analyze(query).feature(Feature.SEARCH_OPERATOR)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"temperature -1 degrees", "e-mail address", "a - b", "C++ tutorial"})
    void notSearchOperators(String query) {
        assertThat(Analyzers.analyze(query).feature(Feature.SEARCH_OPERATOR)).isZero();
    }

    @Test
    void codeLikeTokensInAnEnglishQuery() {
        // java.lang.OutOfMemoryError is code, heap is a word: 1 of 2 terms
        QueryAnalysis a = Analyzers.analyze("java.lang.OutOfMemoryError heap");
        assertThat(a.feature(Feature.CODE_TOKEN_RATIO)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void codeLikeTokenInsideAJapaneseSentenceIsDilutedByItsWords() {
        // one identifier among 1 + 7 Japanese words
        QueryAnalysis a = Analyzers.analyze("java.lang.OutOfMemoryErrorが発生しました");
        assertThat(a.feature(Feature.CODE_TOKEN_RATIO)).isGreaterThan(0).isLessThan(0.2);
    }

    @Test
    void httpStatusCodeNeedsItsContext() {
        assertThat(Analyzers.analyze("HTTP 404 error").feature(Feature.CODE_TOKEN_RATIO))
                .isCloseTo(1 / 3.0, within(1e-12));
        assertThat(Analyzers.analyze("route 404 map").feature(Feature.CODE_TOKEN_RATIO)).isZero();
    }

    @Test
    void plainProseHasNoCode() {
        QueryAnalysis a = Analyzers.analyze("Is PostgreSQL faster than MySQL? e.g. for JavaScript apps.");
        assertThat(a.feature(Feature.CODE_TOKEN_RATIO)).isZero();
    }
}
