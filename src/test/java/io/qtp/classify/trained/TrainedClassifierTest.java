package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;
import io.qtp.training.ModelCandidates;

class TrainedClassifierTest {

    private static final List<String> QUERIES = List.of(
            "PostgreSQL ベクトル検索 インデックス",
            "ニューラルネットワークの学習方法について教えてください",
            "ニューラルネットワーク 学習方法 最適化",
            "machine learning algorithm comparison",
            "What are the best practices for implementing vector search in PostgreSQL?",
            "machine learning algorithm comparison for image recognition",
            "",
            "🙂🙂🙂",
            "x".repeat(5000));

    private final TrainedClassifier classifier = TinyModel.classifier();

    @Test
    void probabilitiesSumToOneAndFollowQueryTypeOrder() {
        for (String q : QUERIES) {
            QueryAnalysis a = Analyzers.analyze(q);
            Prediction p = classifier.classify(a);
            double[] probabilities = p.probabilities();
            assertThat(probabilities).hasSize(3);
            assertThat(probabilities[0] + probabilities[1] + probabilities[2]).isCloseTo(1.0, within(1e-12));
            for (double x : probabilities) {
                assertThat(x).isBetween(0.0, 1.0);
            }

            // index i is the probability Tribuo gives the label of QueryType.values()[i]
            Map<String, Label> scores = classifier.model().predict(classifier.encode(a)).getOutputScores();
            double sum = scores.values().stream().mapToDouble(Label::getScore).sum();
            for (QueryType t : QueryType.values()) {
                assertThat(p.probability(t)).isCloseTo(scores.get(t.label()).getScore() / sum, within(1e-12));
            }
            assertThat(p.type()).isEqualTo(argmax(probabilities));
            assertThat(p.modelVersion()).isEqualTo("tiny-1");
        }
    }

    @Test
    void versionIsTheGivenOne() {
        assertThat(classifier.version()).isEqualTo("tiny-1");
    }

    @Test
    void concurrentCallsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        List<QueryAnalysis> analyses = QUERIES.stream().map(Analyzers::analyze).toList();
        List<Prediction> expected = analyses.stream().map(classifier::classify).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Prediction>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    List<Prediction> last = null;
                    for (int round = 0; round < 50; round++) {
                        last = analyses.stream().map(classifier::classify).toList();
                    }
                    return last;
                }));
            }
            for (Future<List<Prediction>> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aModelWithOtherLabelsIsRefused() {
        FeatureEncoder encoder = TinyModel.encoder();
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("two labels", factory), factory);
        ds.add(encoder.encode(Analyzers.analyze("東京 天気"), new Label("keyword")));
        ds.add(encoder.encode(Analyzers.analyze("東京の天気を教えてください"), new Label("question")));
        var model = ModelCandidates.byNames(List.of("linear")).get(0).trainer(1).train(ds);
        assertThatThrownBy(() -> new TrainedClassifier(model, encoder, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 labels");
    }

    private static QueryType argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return QueryType.values()[best];
    }
}
