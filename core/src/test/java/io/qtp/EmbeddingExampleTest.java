package io.qtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.QueryType;
import io.qtp.classify.RuleBasedScorer;
import io.qtp.classify.trained.InvalidModelException;
import io.qtp.classify.trained.ModelBundle;

/**
 * The example of docs/EMBEDDING.md, compiled and run here: {@link #predict} holds it letter for letter (the test
 * compares them), run on the model bundled in the service's jar (its directory in the repository: boosted trees,
 * which the core alone refuses) and on a directory without a model (the rules answer both times).
 */
class EmbeddingExampleTest {

    private static final Path DOC = Path.of("docs", "EMBEDDING.md");
    private static final Path BUNDLED_MODEL = Path.of("src", "main", "resources", "model", "current");

    static Prediction predict(Path modelDir, String query) {
        // ---- docs/EMBEDDING.md
        QueryAnalyzer analyzer = new QueryAnalyzer();                // once: Kuromoji (ja) + OpenNLP (en), thread-safe
        QueryClassifier model;
        try {
            model = ModelBundle.load(modelDir).classifier();         // metadata.json + model file, verified
        } catch (InvalidModelException e) {
            model = new RuleBasedScorer();                           // the documented rules need no model
        }
        Prediction p = model.classify(analyzer.analyze(query));
        QueryType type = p.type();                                   // KEYWORD, SEMANTIC or HYBRID
        double confidence = p.confidence();                          // below 0.87: prefer hybrid search
        // ---- end
        assertThat(confidence).isBetween(0.0, 1.0);
        assertThat(type).isNotNull();
        return p;
    }

    @Test
    void theDocumentShowsExactlyThisExample() throws IOException {
        String source = Files.readString(Path.of("core", "src", "test", "java", "io", "qtp", "EmbeddingExampleTest.java"));
        Matcher m = Pattern.compile("// ---- docs/EMBEDDING.md\n(.*?)\n\\s*// ---- end", Pattern.DOTALL).matcher(source);
        assertThat(m.find()).isTrue();
        String example = m.group(1).stripIndent().strip();
        assertThat(example.lines().count()).isEqualTo(10);
        assertThat(Files.readString(DOC)).contains("```java\n" + example + "\n```");
    }

    /**
     * The bundled model (1.8.0) is boosted trees, and this core library carries no XGBoost (its pom bans it): alone,
     * the core refuses the model with a message that says what is missing, and the example answers with the rules.
     * The service module runs the same example on the same model with XGBoost present ({@code
     * EmbeddingExampleServiceTest}): there the model answers.
     */
    @Test
    void withoutXGBoostTheBundledTreesAreRefusedClearlyAndTheRulesAnswer() {
        assertThatThrownBy(() -> ModelBundle.load(BUNDLED_MODEL))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("org.tribuo:tribuo-classification-xgboost");
        Prediction keyword = predict(BUNDLED_MODEL, "PostgreSQL ベクトル検索 インデックス");
        assertThat(keyword.modelVersion()).isEqualTo(RuleBasedScorer.VERSION);
        assertThat(keyword.type()).isEqualTo(QueryType.KEYWORD);
    }

    @Test
    void withoutAModelTheRulesAnswer(@TempDir Path empty) {
        for (String q : List.of("PostgreSQL ベクトル検索 インデックス", "How do I reset my password")) {
            assertThat(predict(empty, q).modelVersion()).isEqualTo(RuleBasedScorer.VERSION);
        }
    }
}
