package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.qtp.lifecycle.XGBoostTreeSource;

/**
 * XGBoost trees served by {@link CompiledTreeModel} predict what Tribuo's own (native) {@code predict} does: a model
 * trained here the way the {@code xgboost} candidate trains (every fourth training row, to stay quick) agrees with
 * XGBoost on every query of the committed test split, both languages, to float precision and with the same type.
 */
class CompiledTreeModelTest {

    private static TrainedClassifier classifier;

    @BeforeAll
    static void train() throws Exception {
        classifier = TestSplitAgreement.trainedOnEveryFourthTrainingRow("xgboost");
    }

    @Test
    void theSourceGivesXGBoostsJsonAndNothingForOtherModels() {
        assertThat(new XGBoostTreeSource().xgboostJson(classifier.model())).get()
                .satisfies(json -> assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                        .contains("\"gradient_booster\"").contains("multi:softprob"));
        assertThat(new XGBoostTreeSource().xgboostJson(TinyModel.classifier().model())).isEmpty();
    }

    @Test
    void xgboostTreesAreCompiledAndAgreeWithXGBoostOnTheWholeTestSplit() throws Exception {
        assertThat(classifier.isCompiled()).isTrue();
        assertThat(classifier.compiledTolerance()).isEqualTo(1e-5);
        assertThat(classifier.servingForm()).isEqualTo("compiled trees");
        assertThat(TestSplitAgreement.largestDifferenceOnTheTestSplit(classifier))
                .as("largest probability difference").isLessThan(1e-6);
    }

    @Test
    void aDocumentThatIsNotAThreeClassTreeBoosterIsNotCompiled() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        byte[] json = new XGBoostTreeSource().xgboostJson(classifier.model()).orElseThrow();
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json);
        FeatureEncoder encoder = classifier.encoder();
        assertThat(CompiledTreeModel.fromJson(doc, classifier.model(), encoder)).isPresent();
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("learner").path("learner_model_param"))
                .put("num_class", "2");
        assertThat(CompiledTreeModel.fromJson(doc, classifier.model(), encoder)).isEmpty();
        assertThat(CompiledTreeModel.fromJson(mapper.readTree("{}"), classifier.model(), encoder)).isEmpty();
    }
}
