package io.qtp.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.QueryType;
import io.qtp.classify.trained.InvalidModelException;
import io.qtp.classify.trained.ModelBundle;
import io.qtp.http.QueryInput;

/**
 * Issue 16, item 3: the cache key is the text the analysis reads, so the full-width and the half-width form of a
 * query either get the same answer from the bundled model or do not share a cache entry. The pairs are test-split
 * queries whose two forms the model types differently; a key that folds width again (NFKC, as it once did) makes
 * {@link #widthFormsShareAnEntryOnlyWhenTheModelAnswersAlike} fail.
 */
class OneQueryValueTest {

    /** Half-width form, full-width form (ASCII as U+FF01..FF5E, spaces kept). */
    private static final List<List<String>> PAIRS = List.of(
            List.of("kafka OR pulsar", "ｋａｆｋａ ＯＲ ｐｕｌｓａｒ"),
            List.of("redis NOT cluster", "ｒｅｄｉｓ ＮＯＴ ｃｌｕｓｔｅｒ"),
            List.of("git pull overwrites my local changes", "ｇｉｔ ｐｕｌｌ ｏｖｅｒｗｒｉｔｅｓ ｍｙ ｌｏｃａｌ ｃｈａｎｇｅｓ"),
            List.of("PostgreSQL ベクトル検索", "ＰｏｓｔｇｒｅＳＱＬ ベクトル検索"));

    private static QueryAnalyzer analyzer;
    private static QueryClassifier model;

    @BeforeAll
    static void load() throws InvalidModelException {
        analyzer = new QueryAnalyzer();
        model = ModelBundle.loadFromClasspath("model/current").classifier();
    }

    /** What the service does with a query: the input rules, then the model on the analysis of that text. */
    private static QueryType answer(String cleaned) {
        return model.classify(analyzer.analyze(cleaned)).type();
    }

    @Test
    void widthFormsShareAnEntryOnlyWhenTheModelAnswersAlike() {
        int differing = 0;
        for (List<String> pair : PAIRS) {
            String half = QueryInput.cleanQuery(pair.get(0), "query");
            String full = QueryInput.cleanQuery(pair.get(1), "query");
            boolean sameKey = PredictionCache.key(model.version(), half).equals(PredictionCache.key(model.version(), full));
            QueryType a = answer(half);
            QueryType b = answer(full);
            if (a != b) {
                differing++;
            }
            assertThat(sameKey && a != b).as("%s (%s) and %s (%s) share a cache entry", half, a, full, b).isFalse();
        }
        // Keep the test meaningful: with a model that answers every pair alike, pick pairs it does not.
        assertThat(differing).as("pairs whose forms the bundled model types differently").isPositive();
    }

    @Test
    void whitespaceVariantsAreOneQueryValue() {
        String plain = QueryInput.cleanQuery("PostgreSQL ベクトル検索", "query");
        String spaced = QueryInput.cleanQuery("  PostgreSQL\u3000 ベクトル検索\t", "query");
        assertThat(spaced).isEqualTo(plain);
        assertThat(PredictionCache.key(model.version(), spaced)).isEqualTo(PredictionCache.key(model.version(), plain));
        assertThat(analyzer.analyze(spaced)).isEqualTo(analyzer.analyze(plain));
    }
}
