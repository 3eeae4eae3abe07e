package io.qtp.search.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.qtp.analysis.Language;
import io.qtp.search.Embedded;

/**
 * The default provider with its two real in-process models: English (and anything not Japanese) by
 * all-MiniLM-L6-v2 into the main space, Japanese by bge-small-zh-v1.5 into the Japanese space, where it finds the
 * passage that answers a question (on JSQuAD, the vector side alone: nDCG@10 0.75 against MiniLM's 0.40,
 * docs/BENCHMARKS.md).
 */
class BilingualEmbeddingTest {

    static LanguageEmbedder bilingual;
    static LanguageEmbedder minilm;

    @BeforeAll
    static void load() {
        bilingual = EmbeddingProviders.create(EmbeddingProviders.Settings.bilingual());
        minilm = EmbeddingProviders.create(EmbeddingProviders.Settings.minilm());
    }

    @Test
    void eachLanguageGoesToTheModelAndSpaceOfItsOwn() {
        assertThat(new EmbeddingProviders.Settings(null, null, null, null, null, null).describe())
                .as("the default provider").startsWith("bilingual(");
        assertThat(bilingual.dimension()).isEqualTo(384);
        assertThat(bilingual.japaneseDimension()).isEqualTo(512);
        Embedded en = bilingual.embedQuery("how tall is mount fuji", Language.EN);
        Embedded ja = bilingual.embedQuery("富士山の高さは", Language.JA);
        assertThat(en.space()).isEqualTo(Embedded.Space.MAIN);
        assertThat(en.vector()).hasSize(384);
        assertThat(ja.space()).isEqualTo(Embedded.Space.JAPANESE);
        assertThat(ja.vector()).hasSize(512);
        // a batch keeps its order across the two models
        List<Embedded> batch = bilingual.embedQueries(List.of("富士山の高さは", "how tall is mount fuji", "東京タワー"),
                List.of(Language.JA, Language.EN, Language.JA));
        assertThat(batch).extracting(Embedded::space).containsExactly(Embedded.Space.JAPANESE, Embedded.Space.MAIN,
                Embedded.Space.JAPANESE);
        assertThat(cosine(batch.get(0).vector(), ja.vector())).isGreaterThan(0.999);
        assertThat(cosine(batch.get(1).vector(), en.vector())).isGreaterThan(0.999);
        assertThatThrownBy(() -> bilingual.embedDocuments(List.of("a"), List.of())).isInstanceOf(IllegalArgumentException.class);
        // the minilm provider keeps one space for every language
        assertThat(minilm.embedQuery("富士山の高さは", Language.JA).space()).isEqualTo(Embedded.Space.MAIN);
        assertThat(minilm.japaneseDimension()).isZero();
    }

    @Test
    void theE5ProviderReadsEnglishWithItsQueryAndPassageMarkers() {
        LanguageEmbedder e5 = EmbeddingProviders.create(new EmbeddingProviders.Settings(
                EmbeddingProviders.BILINGUAL_E5, null, null, null, null, null));
        assertThat(e5.modelName(Embedded.Space.MAIN)).isEqualTo("e5-small-v2-q");
        assertThat(e5.modelName(Embedded.Space.JAPANESE)).isEqualTo("bge-small-zh-v1.5-q");
        assertThat(bilingual.modelName(Embedded.Space.MAIN)).isEqualTo("all-MiniLM-L6-v2-q");
        assertThat(e5.dimension()).isEqualTo(384);
        String text = "statins lower cholesterol";
        float[] query = e5.embedQuery(text, Language.EN).vector();
        float[] document = e5.embedDocuments(List.of(text), List.of(Language.EN)).get(0).vector();
        dev.langchain4j.model.embedding.EmbeddingModel raw =
                new dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel();
        assertThat(query).containsExactly(EmbeddingProviders.embed(raw, "query: " + text));
        assertThat(document).containsExactly(EmbeddingProviders.embed(raw, "passage: " + text));
        // Japanese stays with bge-small-zh, unmarked
        assertThat(e5.embedQuery("富士山の高さは", Language.JA).vector())
                .containsExactly(bilingual.embedQuery("富士山の高さは", Language.JA).vector());
        // and it finds the answering passage by meaning among passages that share words with the question
        List<String> passages = List.of(
                "Cholesterol tests measure the amount of cholesterol in the blood.",
                "Statin therapy reduces LDL levels and the risk of heart attack.",
                "High blood pressure is a risk factor for stroke.");
        float[] q = e5.embedQuery("do statins lower bad cholesterol", Language.EN).vector();
        List<Embedded> p = e5.embedDocuments(passages, passages.stream().map(x -> Language.EN).toList());
        int best = 0;
        for (int i = 1; i < p.size(); i++) {
            best = cosine(q, p.get(i).vector()) > cosine(q, p.get(best).vector()) ? i : best;
        }
        assertThat(best).isEqualTo(1);
    }

    @Test
    void theJapaneseModelFindsTheAnsweringPassages() {
        List<String> passages = List.of(
                "富士山は標高3776メートルで、静岡県と山梨県にまたがる日本の最高峰である。",
                "日本で一番大きい湖は滋賀県にある琵琶湖で、どこにありますかとよく聞かれる。",
                "東京タワーは東京都港区にある高さ333メートルの電波塔である。");
        // the first question shares more characters with the second passage, which does not answer it
        assertThat(best(bilingual, "日本で一番高い山はどこにありますか", passages)).isZero();
        assertThat(best(bilingual, "琵琶湖があるのは何県", passages)).isEqualTo(1);
        assertThat(best(bilingual, "港区の電波塔の高さ", passages)).isEqualTo(2);
    }

    private static int best(LanguageEmbedder model, String query, List<String> passages) {
        float[] q = model.embedQuery(query, Language.JA).vector();
        List<Embedded> p = model.embedDocuments(passages, passages.stream().map(x -> Language.JA).toList());
        int best = 0;
        for (int i = 1; i < p.size(); i++) {
            if (cosine(q, p.get(i).vector()) > cosine(q, p.get(best).vector())) {
                best = i;
            }
        }
        return best;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
