package io.qtp.search;

/**
 * An embedding and the vector space it lives in, which names the column it is stored in and searched against:
 * {@code documents.embedding} (the provider's main model) or {@code documents.embedding_ja} (the Japanese model of
 * the bilingual provider, migration V8). Vectors of two spaces are never compared.
 */
public record Embedded(float[] vector, Space space) {

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
        if (vector == null || space == null) {
            throw new IllegalArgumentException("an embedding needs its vector and its space");
        }
    }

    /** A vector of the main space. */
    public static Embedded main(float[] vector) {
        return new Embedded(vector, Space.MAIN);
    }
}
