package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.training.ModelCandidates;
import io.qtp.training.LabelledQuery;

/**
 * The compiled form of a LIBLINEAR model trained on the training split (every fourth row, to stay quick) predicts
 * what Tribuo's own {@code predict} does, on every query of the held-out test split (both languages, all three
 * types), and a CART tree keeps Tribuo's path. (The bundled model's own check is in {@link BundledModelTest}.)
 */
class CompiledLinearModelTest {

    @Test
    void aLiblinearModelTrainedOnTheTrainingSplitIsCompiledAndAgreesWithTribuoOnTheWholeTestSplit() throws Exception {
        TrainedClassifier classifier = TestSplitAgreement.trainedOnEveryFourthTrainingRow("liblinear-c1");
        assertThat(classifier.isCompiled()).isTrue();
        assertThat(classifier.compiledTolerance()).isEqualTo(1e-9);
        assertThat(classifier.servingForm()).isEqualTo("compiled linear model");
        assertThat(TestSplitAgreement.largestDifferenceOnTheTestSplit(classifier))
                .as("largest probability difference").isLessThan(1e-12);
    }

    @Test
    void theTinyLinearModelIsCompiledAndAgrees() {
        TrainedClassifier classifier = TinyModel.classifier();
        assertThat(classifier.isCompiled()).isTrue();
        for (LabelledQuery q : TinyModel.rows()) {
            QueryAnalysis a = Analyzers.analyze(q.query());
            assertThat(classifier.classify(a).probabilities())
                    .containsExactly(classifier.classifyWithTribuo(a).probabilities(), within(1e-12));
        }
    }

    @Test
    void aTreeModelKeepsTribuosPath() {
        ModelCandidates.Candidate cart = ModelCandidates.byNames(List.of("cart")).get(0);
        FeatureEncoder encoder = new FeatureEncoder(cart.spec());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("tiny", factory), factory);
        for (LabelledQuery q : TinyModel.rows()) {
            ds.add(encoder.encode(Analyzers.analyze(q.query()), new Label(q.type().label())));
        }
        TrainedClassifier tree = new TrainedClassifier(cart.trainer(42).train(ds), encoder, "cart-test");
        assertThat(tree.isCompiled()).isFalse();
        assertThat(tree.servingForm()).isEqualTo("Tribuo's predict");
        QueryAnalysis a = Analyzers.analyze("PostgreSQL ベクトル検索 インデックス");
        assertThat(tree.classify(a).probabilities()).containsExactly(tree.classifyWithTribuo(a).probabilities());
    }
}
