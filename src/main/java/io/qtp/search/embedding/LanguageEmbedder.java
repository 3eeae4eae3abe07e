package io.qtp.search.embedding;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.qtp.analysis.Language;
import io.qtp.search.Embedded;
import io.qtp.search.EmbeddingSpaces;

/**
 * A provider's models by language: one main model for every text, or (the bilingual providers) a second model for
 * Japanese texts, whose vectors go to their own space ({@link Embedded.Space#JAPANESE}). Queries and documents are
 * embedded apart ({@link Role}): some models were trained with a marker before each (e5: {@code "query: "} and
 * {@code "passage: "}) and read worse without it. Thread-safe as its models are.
 */
public final class LanguageEmbedder implements EmbeddingSpaces.Provider {

    /** What a text is: a search query or a stored document. */
    public enum Role { QUERY, DOCUMENT }

    /**
     * One model: its name (recorded with the vectors of its space, so that vectors of two models never meet) and the
     * markers it was trained to read before a query and before a document (empty for most models).
     */
    public record Model(EmbeddingModel model, String name, String queryPrefix, String documentPrefix) {

        public Model {
            if (model == null || name == null || name.isBlank()) {
                throw new IllegalArgumentException("an embedding model needs its name");
            }
            queryPrefix = queryPrefix == null ? "" : queryPrefix;
            documentPrefix = documentPrefix == null ? "" : documentPrefix;
        }

        /** A model that reads queries and documents as they are. */
        public static Model plain(EmbeddingModel model, String name) {
            return new Model(model, name, "", "");
        }

        String prefix(Role role) {
            return role == Role.QUERY ? queryPrefix : documentPrefix;
        }
    }

    private final Model main;
    private final Model japanese;

    /** {@code japanese} may be null: then the main model embeds every text. */
    public LanguageEmbedder(Model main, Model japanese) {
        if (main == null) {
            throw new IllegalArgumentException("a provider needs its main model");
        }
        this.main = main;
        this.japanese = japanese;
    }

    /** The main model's dimension (asks a remote provider once). */
    public int dimension() {
        return main.model().dimension();
    }

    /** The Japanese model's dimension, or 0 when Japanese texts go to the main model. */
    public int japaneseDimension() {
        return japanese == null ? 0 : japanese.model().dimension();
    }

    /** The space a text of {@code language} is embedded into. */
    @Override
    public Embedded.Space space(Language language) {
        return japanese != null && language == Language.JA ? Embedded.Space.JAPANESE : Embedded.Space.MAIN;
    }

    /** The spaces this provider writes and searches: the main one, and the Japanese one for a bilingual provider. */
    @Override
    public List<Embedded.Space> spaces() {
        return japanese == null ? List.of(Embedded.Space.MAIN) : List.of(Embedded.Space.MAIN, Embedded.Space.JAPANESE);
    }

    /** The name of the model of {@code space} (the main model's for a space this provider does not use). */
    @Override
    public String modelName(Embedded.Space space) {
        return model(space).name();
    }

    /** The dimension of the model of {@code space}. */
    @Override
    public int dimension(Embedded.Space space) {
        return model(space).model().dimension();
    }

    /** A query's embedding, by the model of its language. */
    public Embedded embedQuery(String text, Language language) {
        Embedded.Space space = space(language);
        Model m = model(space);
        return new Embedded(EmbeddingProviders.embed(m.model(), m.prefix(Role.QUERY) + text), space, m.name());
    }

    /** The embeddings of documents (same order), each by the model of its language; one batch per model. */
    @Override
    public List<Embedded> embedDocuments(List<String> texts, List<Language> languages) {
        return embedAll(texts, languages, Role.DOCUMENT);
    }

    /** The embeddings of queries (same order), each by the model of its language; one batch per model. */
    public List<Embedded> embedQueries(List<String> texts, List<Language> languages) {
        return embedAll(texts, languages, Role.QUERY);
    }

    private List<Embedded> embedAll(List<String> texts, List<Language> languages, Role role) {
        if (texts.size() != languages.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + languages.size() + " languages");
        }
        Embedded[] out = new Embedded[texts.size()];
        for (Embedded.Space space : Embedded.Space.values()) {
            Model m = model(space);
            List<Integer> at = new ArrayList<>();
            List<String> part = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                if (space(languages.get(i)) == space) {
                    at.add(i);
                    part.add(m.prefix(role) + texts.get(i));
                }
            }
            if (part.isEmpty()) {
                continue;
            }
            List<float[]> vectors = EmbeddingProviders.embedAll(m.model(), part);
            for (int j = 0; j < at.size(); j++) {
                out[at.get(j)] = new Embedded(vectors.get(j), space, m.name());
            }
        }
        return List.of(out);
    }

    private Model model(Embedded.Space space) {
        return space == Embedded.Space.JAPANESE && japanese != null ? japanese : main;
    }
}
