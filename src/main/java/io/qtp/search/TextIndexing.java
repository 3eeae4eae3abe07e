package io.qtp.search;

import java.util.Locale;
import java.util.Set;

import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.analysis.Token;

/**
 * The text that goes into the full-text column and the text query, per language (docs/SEARCH.md).
 *
 * <ul>
 *   <li>English: the raw text under PostgreSQL's {@code english} configuration (stemming, stop words);
 *   <li>Japanese: the project's Kuromoji tokens ({@link QueryAnalyzer}), without particles (助詞), auxiliary
 *       verbs (助動詞) and symbols (記号), lower-cased and joined by spaces, under the {@code simple}
 *       configuration, which then only splits on the spaces and lower-cases.
 * </ul>
 * A text query is the same text made into an OR of its terms ({@code plainto_tsquery} with {@code &} turned into
 * {@code |}, see {@link SearchSql}): a natural-language question rarely has all its words in one document.
 */
public final class TextIndexing {

    /** A text-search configuration and the text to give it. */
    public record TsInput(String config, String text) {
    }

    private static final Set<String> JA_DROPPED_POS = Set.of("助詞", "助動詞", "記号");
    /** The analyser reads at most this much at once; longer text is tokenised piece by piece. */
    private static final int PIECE = 4000;

    private final QueryAnalyzer analyzer;

    public TextIndexing(QueryAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    public TsInput document(Language language, String title, String content) {
        String text = title == null || title.isBlank() ? content : title + "\n" + content;
        return input(language, text);
    }

    public TsInput query(Language language, String query) {
        return input(language, query);
    }

    /** The language of a document that did not say: the analyser's detection on its start. */
    public Language detect(String text) {
        return analyzer.analyze(text.length() > PIECE ? text.substring(0, PIECE) : text).language();
    }

    private TsInput input(Language language, String text) {
        return language == Language.JA ? new TsInput("simple", japaneseTerms(text)) : new TsInput("english", text);
    }

    /** Kuromoji content tokens of a Japanese text, space-separated, in order (repeats kept: they count in the rank). */
    public String japaneseTerms(String text) {
        StringBuilder sb = new StringBuilder(text.length() + text.length() / 2);
        for (int start = 0; start < text.length(); start += PIECE) {
            String piece = text.substring(start, Math.min(text.length(), start + PIECE));
            for (Token t : analyzer.analyze(piece).tokens()) {
                if (t.isWord() && !JA_DROPPED_POS.contains(t.pos())) {
                    if (!sb.isEmpty()) {
                        sb.append(' ');
                    }
                    sb.append(t.text().toLowerCase(Locale.ROOT));
                }
            }
        }
        return sb.toString();
    }
}
