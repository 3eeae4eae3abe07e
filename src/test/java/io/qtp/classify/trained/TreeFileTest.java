package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.qtp.analysis.Analyzers;
import io.qtp.training.LabelledQuery;
import io.qtp.training.ModelBundleWriter;
import io.qtp.training.ModelCandidates;

/**
 * The plain-data file of a boosted-tree model ({@link TreeFile}): written beside the model file, checked against the
 * model whenever the model file loads, and served alone when the model file does not deserialise.
 */
class TreeFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Model<Label> trees;
    private static Model<Label> cart;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        trees = train("xgboost");
        cart = train("cart");
    }

    private static Model<Label> train(String name) {
        ModelCandidates.Candidate candidate = ModelCandidates.byNames(List.of(name)).get(0);
        FeatureEncoder encoder = new FeatureEncoder(candidate.spec());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("tiny", factory), factory);
        for (LabelledQuery q : TinyModel.rows()) {
            ds.add(encoder.encode(Analyzers.analyze(q.query()), new Label(q.type().label())));
        }
        return candidate.trainer(42).train(ds);
    }

    private static ModelMetadata metadata(String algorithm) {
        ModelMetadata m = TinyModel.metadata();
        return new ModelMetadata(m.version(), m.description(), m.createdAt(), m.accuracy(), m.f1Score(), m.perClassF1(),
                m.perLanguage(), m.evaluatedOn(), m.labels(), m.featureSetVersion(), m.encoderVersion(),
                ModelCandidates.byNames(List.of(algorithm)).get(0).spec(), m.trainingDataChecksum(),
                m.trainingDataFiles(), m.modelFile(), "", m.modelFormat(), algorithm, algorithm, m.tribuoVersion(),
                m.seed(), m.trainingLicenses(), m.calibration(), m.handwrittenTest());
    }

    @Test
    void isWrittenForTreesAgreesWithThemAndIsRemovedForAnotherModel() throws Exception {
        ModelMetadata written = ModelBundleWriter.write(dir, trees, metadata("xgboost"));
        ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.files()).containsExactly("metadata.json", "model.tribuo.gz", TreeFile.NAME);
        assertThat(bundle.notice()).isEmpty();
        assertThat(bundle.classifier().hasTribuoModel()).isTrue();
        byte[] file = Files.readAllBytes(dir.resolve(TreeFile.NAME));
        assertThat(TreeFile.of(trees, written.modelSha256())).get().isEqualTo(file); // the same bytes every time
        assertThat(TreeFile.of(cart, written.modelSha256())).isEmpty();

        ModelBundleWriter.write(dir, cart, metadata("cart"));
        assertThat(dir.resolve(TreeFile.NAME)).doesNotExist();
        assertThat(ModelBundle.load(dir).files()).containsExactly("metadata.json", "model.tribuo.gz");
    }

    @Test
    void servesAloneWhenTheModelFileDoesNotDeserialise() throws Exception {
        ModelMetadata written = ModelBundleWriter.write(dir, trees, metadata("xgboost"));
        ModelBundle reference = ModelBundle.load(dir);
        // a model file this JVM cannot read (as the core alone cannot read XGBoost's), with a matching checksum
        byte[] unreadable = "not a Tribuo model".getBytes(StandardCharsets.UTF_8);
        String sha = ModelBundle.sha256(unreadable);
        Files.write(dir.resolve(written.modelFile()), unreadable);
        Files.write(dir.resolve(ModelBundle.METADATA_FILE), ModelBundleWriter.metadataJson(written.withModelSha256(sha)));
        editTreeFile(doc -> doc.put("modelSha256", sha));

        ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.classifier().hasTribuoModel()).isFalse();
        assertThat(bundle.classifier().model()).isNull();
        assertThat(bundle.classifier().servingForm()).isEqualTo("compiled trees from trees.json.gz (no Tribuo model)");
        assertThat(bundle.notice()).get().asString().contains("does not deserialise").contains(TreeFile.NAME);
        for (String q : List.of("東京 天気", "How do I reset my password?", "PostgreSQL ベクトル検索 インデックス")) {
            var a = Analyzers.analyze(q);
            assertThat(bundle.classifier().classify(a).probabilities())
                    .containsExactly(reference.classifier().classifyWithTribuo(a).probabilities(), within(1e-6));
        }
        assertThatThrownBy(() -> bundle.classifier().classifyWithTribuo(Analyzers.analyze("東京 天気")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(TreeFile.NAME);

        Files.delete(dir.resolve(TreeFile.NAME)); // without the file, the model file's own problem is the answer
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("does not deserialise as a Tribuo model");
    }

    @Test
    void anotherModelsFileIsRefused() throws Exception {
        ModelBundleWriter.write(dir, trees, metadata("xgboost"));
        editTreeFile(doc -> doc.put("modelSha256", "0".repeat(64)));
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("holds the trees of another model file");
    }

    @Test
    void aFileThatDisagreesWithTheModelIsRefused() throws Exception {
        ModelBundleWriter.write(dir, trees, metadata("xgboost"));
        editTreeFile(doc -> {
            // every leaf of the first tree of each class worth 5 more: other probabilities for every query
            ArrayNode all = (ArrayNode) doc.path("xgboost").path("learner").path("gradient_booster").path("model")
                    .path("trees");
            for (int t = 0; t < 3; t++) {
                ObjectNode tree = (ObjectNode) all.get(t);
                ArrayNode left = (ArrayNode) tree.path("left_children");
                ArrayNode cond = (ArrayNode) tree.path("split_conditions");
                for (int i = 0; i < left.size(); i++) {
                    if (left.get(i).asInt() == -1) {
                        cond.set(i, cond.get(i).asDouble() + 5 * (t + 1));
                    }
                }
            }
        });
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(TreeFile.NAME + " disagrees with the model");
    }

    @Test
    void aFileOfAnotherFormatIsRefused() throws Exception {
        ModelBundleWriter.write(dir, trees, metadata("xgboost"));
        editTreeFile(doc -> doc.put("format", "something-else"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("has format 'something-else', expected " + TreeFile.FORMAT);
    }

    private void editTreeFile(Consumer<ObjectNode> edit) throws Exception {
        Path file = dir.resolve(TreeFile.NAME);
        ObjectNode doc;
        try (var in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            doc = (ObjectNode) JSON.readTree(in);
        }
        edit.accept(doc);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(out)) {
            JSON.writeValue(gzip, doc);
        }
        Files.write(file, out.toByteArray());
    }
}
