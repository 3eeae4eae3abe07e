package io.qtp.dataset;

import java.util.List;

import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.analysis.Token;

/**
 * A text with the tokens the project's {@link QueryAnalyzer} gives it, and each token's character offsets in
 * the text, so that rules can cut exact substrings (a compound noun, a noun phrase) out of the original.
 *
 * <p>The analyser returns surfaces without offsets; they are recovered by finding each surface in order
 * from the end of the previous one. A surface that cannot be found (an analyser that normalised it) is
 * placed at the cursor with its own length, so {@link #span} stays well-defined.
 */
final class TokenizedText {
    final String text;
    final List<Token> tokens;
    private final int[] start;
    private final int[] end;

    private TokenizedText(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
        this.start = new int[tokens.size()];
        this.end = new int[tokens.size()];
        int cursor = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String surface = tokens.get(i).text();
            int at = text.indexOf(surface, cursor);
            if (at < 0) {
                at = Math.min(cursor, text.length());
                start[i] = at;
                end[i] = Math.min(text.length(), at + surface.length());
            } else {
                start[i] = at;
                end[i] = at + surface.length();
            }
            cursor = end[i];
        }
    }

    /** Analyses {@code text} (already stripped by the caller) with the project's analyser. */
    static TokenizedText of(QueryAnalyzer analyzer, String text) {
        QueryAnalysis a = analyzer.analyze(text);
        return new TokenizedText(text, a.tokens());
    }

    /** For tests and callers that already hold tokens. */
    static TokenizedText of(String text, List<Token> tokens) {
        return new TokenizedText(text, tokens);
    }

    int size() {
        return tokens.size();
    }

    Token token(int i) {
        return tokens.get(i);
    }

    String pos(int i) {
        return tokens.get(i).pos();
    }

    String tag(int i) {
        return tokens.get(i).tag();
    }

    String surface(int i) {
        return tokens.get(i).text();
    }

    /** The original text from the start of token {@code from} to the end of token {@code toInclusive}. */
    String span(int from, int toInclusive) {
        return text.substring(start[from], Math.max(start[from], end[toInclusive]));
    }

    /** True when there is text (whitespace) between token {@code i - 1} and token {@code i}. */
    boolean gapBefore(int i) {
        return i > 0 && start[i] > end[i - 1];
    }
}
