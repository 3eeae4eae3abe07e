package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.classify.Prediction;
import io.qtp.lifecycle.XGBoostTreeSource;
import io.qtp.training.DataFiles;
import io.qtp.training.LabelledQuery;
import io.qtp.training.ModelCandidates;

/**
 * XGBoost trees served by {@link CompiledTreeModel} predict what Tribuo's own (native) {@code predict} does: a model
 * trained here the way the {@code xgboost} candidate trains (every fourth training row, to stay quick) agrees with
 * XGBoost on every query of the committed test split, both languages, to float precision and with the same type.
 */
class CompiledTreeModelTest {

    private static TrainedClassifier classifier;

    @BeforeAll
    static void train() throws Exception {
        ModelCandidates.Candidate xgb = ModelCandidates.byNames(List.of("xgboost")).get(0);
        FeatureEncoder encoder = new FeatureEncoder(xgb.spec());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("every fourth", factory), factory);
        List<LabelledQuery> train = DataFiles.read(Path.of("data/query-types/train.jsonl"));
        for (int i = 0; i < train.size(); i += 4) {
            LabelledQuery q = train.get(i);
            ds.add(encoder.encode(Analyzers.analyze(q.query()), new Label(q.type().label())));
        }
        Model<Label> model = xgb.trainer(42).train(ds);
        classifier = new TrainedClassifier(model, encoder, "xgboost-test");
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
        List<LabelledQuery> test = DataFiles.read(Path.of("data/query-types/test.jsonl"));
        assertThat(test).hasSizeGreaterThan(2000);
        double worst = 0;
        for (LabelledQuery q : test) {
            QueryAnalysis a = Analyzers.analyze(q.query());
            Prediction compiled = classifier.classify(a);
            Prediction xgboost = classifier.classifyWithTribuo(a);
            assertThat(compiled.type()).as(q.query()).isEqualTo(xgboost.type());
            for (int i = 0; i < 3; i++) {
                worst = Math.max(worst, Math.abs(compiled.probabilities()[i] - xgboost.probabilities()[i]));
            }
        }
        assertThat(worst).as("largest probability difference").isLessThan(1e-6);
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
