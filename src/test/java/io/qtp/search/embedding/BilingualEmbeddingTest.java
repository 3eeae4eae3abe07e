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
        Embedded en = bilingual.embed("how tall is mount fuji", Language.EN);
        Embedded ja = bilingual.embed("富士山の高さは", Language.JA);
        assertThat(en.space()).isEqualTo(Embedded.Space.MAIN);
        assertThat(en.vector()).hasSize(384);
        assertThat(ja.space()).isEqualTo(Embedded.Space.JAPANESE);
        assertThat(ja.vector()).hasSize(512);
        // a batch keeps its order across the two models
        List<Embedded> batch = bilingual.embedAll(List.of("富士山の高さは", "how tall is mount fuji", "東京タワー"),
                List.of(Language.JA, Language.EN, Language.JA));
        assertThat(batch).extracting(Embedded::space).containsExactly(Embedded.Space.JAPANESE, Embedded.Space.MAIN,
                Embedded.Space.JAPANESE);
        assertThat(cosine(batch.get(0).vector(), ja.vector())).isGreaterThan(0.999);
        assertThat(cosine(batch.get(1).vector(), en.vector())).isGreaterThan(0.999);
        assertThatThrownBy(() -> bilingual.embedAll(List.of("a"), List.of())).isInstanceOf(IllegalArgumentException.class);
        // the minilm provider keeps one space for every language
        assertThat(minilm.embed("富士山の高さは", Language.JA).space()).isEqualTo(Embedded.Space.MAIN);
        assertThat(minilm.japaneseDimension()).isZero();
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
        float[] q = model.embed(query, Language.JA).vector();
        List<Embedded> p = model.embedAll(passages, passages.stream().map(x -> Language.JA).toList());
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
