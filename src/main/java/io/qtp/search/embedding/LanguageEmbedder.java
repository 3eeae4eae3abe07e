package io.qtp.search.embedding;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.qtp.analysis.Language;
import io.qtp.search.Embedded;

/**
 * A provider's models by language: one main model for every text, or (the bilingual provider) a second model for
 * Japanese texts, whose vectors go to their own space ({@link Embedded.Space#JAPANESE}). Thread-safe as its models are.
 */
public final class LanguageEmbedder {

    private final EmbeddingModel main;
    private final EmbeddingModel japanese;

    /** {@code japanese} may be null: then the main model embeds every text. */
    public LanguageEmbedder(EmbeddingModel main, EmbeddingModel japanese) {
        this.main = main;
        this.japanese = japanese;
    }

    /** The main model's dimension (asks a remote provider once). */
    public int dimension() {
        return main.dimension();
    }

    /** The Japanese model's dimension, or 0 when Japanese texts go to the main model. */
    public int japaneseDimension() {
        return japanese == null ? 0 : japanese.dimension();
    }

    /** The space a text of {@code language} is embedded into. */
    public Embedded.Space space(Language language) {
        return japanese != null && language == Language.JA ? Embedded.Space.JAPANESE : Embedded.Space.MAIN;
    }

    public Embedded embed(String text, Language language) {
        Embedded.Space space = space(language);
        return new Embedded(EmbeddingProviders.embed(model(space), text), space);
    }

    /** The embeddings of {@code texts} (same order), each by the model of its language; one batch per model. */
    public List<Embedded> embedAll(List<String> texts, List<Language> languages) {
        if (texts.size() != languages.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + languages.size() + " languages");
        }
        Embedded[] out = new Embedded[texts.size()];
        for (Embedded.Space space : Embedded.Space.values()) {
            List<Integer> at = new ArrayList<>();
            List<String> part = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                if (space(languages.get(i)) == space) {
                    at.add(i);
                    part.add(texts.get(i));
                }
            }
            if (part.isEmpty()) {
                continue;
            }
            List<float[]> vectors = EmbeddingProviders.embedAll(model(space), part);
            for (int j = 0; j < at.size(); j++) {
                out[at.get(j)] = new Embedded(vectors.get(j), space);
            }
        }
        return List.of(out);
    }

    private EmbeddingModel model(Embedded.Space space) {
        return space == Embedded.Space.JAPANESE ? japanese : main;
    }
}
