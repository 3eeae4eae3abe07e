package io.qtp.search;

/**
 * A strategy with its weights. The weights matter only to {@link Strategy#WEIGHTED}; they are reported for every
 * strategy so that a response always says what was used.
 *
 * @param vectorWeight  weight of the normalised cosine similarity, in [0, 1]
 * @param keywordWeight weight of the normalised full-text rank, in [0, 1]; the two sum to 1
 */
public record StrategyChoice(Strategy strategy, double vectorWeight, double keywordWeight) {

    public StrategyChoice {
        if (strategy == null) {
            throw new IllegalArgumentException("strategy is required");
        }
        if (!(vectorWeight >= 0 && vectorWeight <= 1 && keywordWeight >= 0 && keywordWeight <= 1)
                || Math.abs(vectorWeight + keywordWeight - 1) > 1e-6) {
            throw new IllegalArgumentException("weights must be in [0, 1] and sum to 1: vector=" + vectorWeight
                    + " keyword=" + keywordWeight);
        }
    }

    public static StrategyChoice weighted(double vectorWeight) {
        // rounded so that 1 - 0.8 is 0.2 and equal choices compare equal
        return new StrategyChoice(Strategy.WEIGHTED, vectorWeight, Math.round((1 - vectorWeight) * 1e9) / 1e9);
    }

    /** A strategy whose ranking ignores the weights; reported with the pure weights of what it ranks by last. */
    public static StrategyChoice of(Strategy s) {
        return switch (s) {
            case KEYWORD, VECTOR_FIRST -> new StrategyChoice(s, 0, 1);
            case VECTOR, KEYWORD_FIRST -> new StrategyChoice(s, 1, 0);
            case WEIGHTED, RRF -> new StrategyChoice(s, 0.5, 0.5);
        };
    }

    @Override
    public String toString() {
        return strategy == Strategy.WEIGHTED
                ? String.format(java.util.Locale.ROOT, "weighted(v=%.1f,k=%.1f)", vectorWeight, keywordWeight)
                : strategy.label();
    }
}
