package io.qtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * the core cannot deserialise the model file, and serves the same trees from their plain-data file
     * ({@code trees.json.gz}), saying so in the bundle's notice; the SPEC's six examples get the SPEC's answers. The
     * service module checks that these probabilities are XGBoost's on the whole test split ({@code BundledModelTest}).
     */
    @Test
    void withoutXGBoostTheBundledTreesServeFromTheirFile() throws Exception {
        ModelBundle bundle = ModelBundle.load(BUNDLED_MODEL);
        assertThat(bundle.classifier().hasTribuoModel()).isFalse();
        assertThat(bundle.classifier().servingForm()).isEqualTo("compiled trees from trees.json.gz (no Tribuo model)");
        assertThat(bundle.notice()).get().asString().contains("does not deserialise here").contains("trees.json.gz");
        assertThat(bundle.files()).containsExactly("metadata.json", "model.tribuo.gz", "trees.json.gz");
        Map<String, QueryType> spec = new LinkedHashMap<>();
        spec.put("PostgreSQL ベクトル検索 インデックス", QueryType.KEYWORD);
        spec.put("machine learning algorithm comparison", QueryType.KEYWORD);
        spec.put("ニューラルネットワークの学習方法について教えてください", QueryType.SEMANTIC);
        spec.put("What are the best practices for implementing vector search in PostgreSQL?", QueryType.SEMANTIC);
        spec.put("ニューラルネットワーク 学習方法 最適化", QueryType.HYBRID);
        spec.put("machine learning algorithm comparison for image recognition", QueryType.HYBRID);
        spec.forEach((query, type) -> {
            Prediction p = predict(BUNDLED_MODEL, query);
            assertThat(p.modelVersion()).as(query).isEqualTo(bundle.metadata().version());
            assertThat(p.type()).as(query).isEqualTo(type);
        });
    }

    /** Without the trees' file the core refuses the model, saying what is missing, and the example uses the rules. */
    @Test
    void withoutTheTreeFileTheBundledTreesAreRefusedClearlyAndTheRulesAnswer(@TempDir Path dir) throws IOException {
        for (String file : List.of("metadata.json", "model.tribuo.gz")) {
            Files.copy(BUNDLED_MODEL.resolve(file), dir.resolve(file));
        }
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("org.tribuo:tribuo-classification-xgboost");
        Prediction keyword = predict(dir, "PostgreSQL ベクトル検索 インデックス");
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
