package io.qtp.search;

/**
 * An embedding, the vector space it lives in, which names the column it is stored in and searched against:
 * {@code documents.embedding} (the provider's main model) or {@code documents.embedding_ja} (the Japanese model of
 * the bilingual providers, migration V8), and the name of the model that made it, which the store records per space
 * ({@link EmbeddingSpaces}). Vectors of two spaces, or of two models, are never compared.
 */
public record Embedded(float[] vector, Space space, String model) {

    public enum Space {
        MAIN("embedding"), JAPANESE("embedding_ja");

        private final String column;

        Space(String column) {
            this.column = column;
        }

        /** The column of {@code documents} that holds this space's vectors (a constant: safe in SQL text). */
        public String column() {
            return column;
        }
    }

    public Embedded {
        if (vector == null || space == null || model == null || model.isBlank()) {
            throw new IllegalArgumentException("an embedding needs its vector, its space and its model's name");
        }
    }

    /** A vector of the main space made by {@code model}. */
    public static Embedded main(float[] vector, String model) {
        return new Embedded(vector, Space.MAIN, model);
    }
}
