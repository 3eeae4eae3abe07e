package io.qtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;
import io.qtp.classify.RuleBasedScorer;

/**
 * The example of docs/EMBEDDING.md ({@link EmbeddingExampleTest#predict}, from the core's test jar) run where XGBoost
 * is on the classpath, as in the service: the bundled model (boosted trees) loads and answers, through its compiled
 * trees. The core alone refuses it ({@link EmbeddingExampleTest}).
 */
class EmbeddingExampleServiceTest {

    private static final Path BUNDLED_MODEL = Path.of("src", "main", "resources", "model", "current");

    @Test
    void theExamplePredictsWithTheBundledModel() {
        Prediction keyword = EmbeddingExampleTest.predict(BUNDLED_MODEL, "PostgreSQL ベクトル検索 インデックス");
        assertThat(keyword.type()).isEqualTo(QueryType.KEYWORD);
        assertThat(keyword.modelVersion()).isNotEqualTo(RuleBasedScorer.VERSION);
        Prediction semantic = EmbeddingExampleTest.predict(BUNDLED_MODEL, "How do I reset my password");
        assertThat(semantic.type()).isEqualTo(QueryType.SEMANTIC);
        assertThat(semantic.modelVersion()).isNotEqualTo(RuleBasedScorer.VERSION);
    }
}
