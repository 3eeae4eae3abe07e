package io.qtp.analysis;

/**
 * One token of an analysed query.
 *
 * @param text     the surface form as it appears in the query
 * @param pos      the coarse part of speech: for Japanese the top level of the Kuromoji (IPADIC) tag,
 *                 e.g. {@code 名詞}, {@code 助詞}, {@code 記号}; for English the Universal Dependencies tag
 *                 of the OpenNLP tagger, e.g. {@code NOUN}, {@code ADP}, {@code PUNCT}
 * @param tag      the full tag: for Japanese e.g. {@code 助詞-格助詞-一般}; for English the same as {@code pos}
 * @param baseForm the dictionary form: for Japanese Kuromoji's base form (教え -> 教える) or the surface
 *                 when uninflected; for English the surface (no lemmatiser runs on the hot path)
 */
public record Token(String text, String pos, String tag, String baseForm) {

    /** A token whose full tag is its coarse part of speech and whose base form is its surface. */
    public Token(String text, String pos) {
        this(text, pos, pos, text);
    }

    /**
     * True when the token is a word, i.e. has a letter or digit. Decided on the text, not the tag: the
     * tagger calls pieces of identifiers punctuation ({@code java.lang/PUNCT}), and Kuromoji tags an ASCII
     * {@code ?} as a noun.
     */
    public boolean isWord() {
        return Chars.hasLetterOrDigit(text);
    }
}
