package io.qtp.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The text rules every route shares (issue 13): invisible characters, lone surrogates, something to read. */
class QueryInputTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u200b\u200b", "\ufeff", "\u3000\u00a0\u3000", " \t\n\r ", "\u00a0", "\u2007\u202f",
        "\u200c\u200d\u2060", "\u200e\u200f\u202a\u202e\u2066\u2069", "\u00ad", "\u180e", "\u2028\u2029", "\u034f",
        "\u3164", "\ufe0f", "\u115f\u1160", "\u2062", "\udb40\udc20", "<b></b>\u200b"})
    void invisibleOnlyIsEmpty(String q) {
        assertThatThrownBy(() -> QueryInput.cleanQuery(q, "query")).isInstanceOf(ApiException.class)
                .hasMessage("query must not be empty");
    }

    @Test
    void invisibleCharactersAreTrimmedFromBothEndsOnly() {
        // (and the query is normalised: QueryText makes the no-break space inside one plain space)
        assertThat(QueryInput.cleanQuery("\ufeff\u200b redis\u00a0cluster \u3000\u200b", "query")).isEqualTo("redis cluster");
        // inside a query they stay: an emoji sequence joined by ZWJ is one character to the reader
        assertThat(QueryInput.cleanQuery("👩\u200d💻 setup", "query")).isEqualTo("👩\u200d💻 setup");
    }

    @Test
    void loneSurrogatesAreRejectedWithTheirPosition() {
        assertThatThrownBy(() -> QueryInput.cleanQuery("abc\ud800def", "query")).isInstanceOf(ApiException.class)
                .hasMessage("query must not contain a lone surrogate (found U+D800 at index 3)");
        assertThatThrownBy(() -> QueryInput.cleanQuery("x\udfff", "queries[2]"))
                .hasMessage("queries[2] must not contain a lone surrogate (found U+DFFF at index 1)");
        assertThatThrownBy(() -> QueryInput.cleanQuery("a\ud83d", "query")).hasMessageContaining("U+D83D at index 1");
        assertThatThrownBy(() -> QueryInput.cleanUserId("u\udc00")).hasMessageContaining("userId must not contain a lone surrogate");
        assertThat(QueryInput.cleanQuery("ok \ud83d\ude00", "query")).isEqualTo("ok \ud83d\ude00"); // a pair is fine
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0301", "\u0301\u0308", "\ue000\ue001", "\ufffd", "\u0e34", "\u200b\u0301\u200b"})
    void nothingToReadIsRejected(String q) {
        assertThatThrownBy(() -> QueryInput.cleanQuery(q, "query")).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("query must contain at least one letter, digit, punctuation mark or symbol");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "7", "?", "€", "😀", "検索", "é", "e\u0301", "\u2800", "(", "\u0903"})
    void anythingReadableIsAQuery(String q) {
        assertThat(QueryInput.cleanQuery(q, "query")).isEqualTo(q);
    }

    @Test
    void controlCharactersAreStillRejected() {
        assertThatThrownBy(() -> QueryInput.cleanQuery("a\u0000b", "query")).hasMessageContaining("control characters (found U+0000 at index 1)");
        assertThatThrownBy(() -> QueryInput.cleanQuery("a\u0085b", "query")).hasMessageContaining("U+0085");
    }

    @Test
    void lengthIsCountedAfterTrimming() {
        String thousand = "a".repeat(1000);
        assertThat(QueryInput.cleanQuery("\u200b" + thousand + "\u00a0", "query")).isEqualTo(thousand);
        assertThatThrownBy(() -> QueryInput.cleanQuery(thousand + "b", "query")).hasMessageContaining("at most 1000");
    }

    @Test
    void identifiers() {
        assertThat(QueryInput.cleanRequiredId("\u200bdoc-1\u00a0", "document.id", 256)).isEqualTo("doc-1");
        assertThatThrownBy(() -> QueryInput.cleanRequiredId("\u00a0", "document.id", 256)).hasMessage("document.id must not be empty");
        assertThatThrownBy(() -> QueryInput.cleanRequiredId("\u200b\u200b", "documents[1].id", 256))
                .hasMessage("documents[1].id must not be empty");
        assertThatThrownBy(() -> QueryInput.cleanRequiredId("x\ud800", "document.id", 256)).hasMessageContaining("lone surrogate");
        assertThat(QueryInput.cleanOptionalId("\u200b", "userId", 256)).isNull(); // an optional id: blank is absent
        assertThatThrownBy(() -> QueryInput.checkText("\u3000\ufeff", "document.content")).hasMessage("document.content must not be empty");
        assertThatThrownBy(() -> QueryInput.checkText("\ue000", "document.content")).hasMessageContaining("at least one letter");
    }
}
