package io.qtp.analysis;

import java.util.Arrays;
import java.util.List;

/**
 * The result of analysing one query: the detected language, its tokens and the feature vector laid out
 * as {@link Feature} declares it.
 *
 * <p>Immutable. The constructor copies the vector and the token list ({@link List#copyOf} returns an
 * already-immutable list as is, so the analyser pays nothing for it); {@link #features()} hands out a copy,
 * and {@link #feature(Feature)} / {@link #copyFeaturesInto(double[], int)} read without copying for hot paths.
 *
 * @param query    the query as the analyser read it: {@link QueryText#normalize normalised} (not stripped of invisible characters)
 * @param language the detected language
 * @param tokens   all tokens of the language's tokenizer in order, punctuation included, whitespace excluded
 * @param features the vector, {@code features[f.ordinal()]}, length {@link Feature#count()}
 */
public record QueryAnalysis(String query, Language language, List<Token> tokens, double[] features) {

    /** Checks the vector length and takes copies of the vector and the token list. */
    public QueryAnalysis {
        if (features.length != Feature.count()) {
            throw new IllegalArgumentException(
                    "feature vector of length " + features.length + ", expected " + Feature.count());
        }
        features = features.clone();
        tokens = List.copyOf(tokens);
    }

    /** The value of one feature. */
    public double feature(Feature f) {
        return features[f.ordinal()];
    }

    /** A copy of the vector. */
    @Override
    public double[] features() {
        return features.clone();
    }

    /** Copies the vector into {@code dest} starting at {@code offset}, e.g. ahead of appended n-gram features. */
    public void copyFeaturesInto(double[] dest, int offset) {
        System.arraycopy(features, 0, dest, offset, features.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryAnalysis a && a.query.equals(query) && a.language == language
                && a.tokens.equals(tokens) && Arrays.equals(a.features, features);
    }

    @Override
    public int hashCode() {
        return ((query.hashCode() * 31 + language.hashCode()) * 31 + tokens.hashCode()) * 31
                + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return "QueryAnalysis[" + language.code() + " " + query + " " + tokens + " " + Arrays.toString(features) + "]";
    }
}
