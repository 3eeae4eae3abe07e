package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.Feature;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.classify.Prediction;
import io.qtp.training.ModelCandidates;
import io.qtp.training.LabelledQuery;
import io.qtp.training.ModelBundleWriter;

class ModelBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path template;

    @TempDir
    Path dir;

    private static ModelMetadata written;

    /** Tribuo takes a while to serialise a model: write it once, copy it for every test. */
    @BeforeAll
    static void writeTinyModelOnce() throws IOException {
        written = TinyModel.writeTo(template);
    }

    @BeforeEach
    void copyTinyModel() throws IOException {
        for (String name : new String[]{ModelBundle.METADATA_FILE, ModelBundle.DEFAULT_MODEL_FILE}) {
            Files.copy(template.resolve(name), dir.resolve(name));
        }
    }

    @Test
    void aWrittenDirectoryLoadsWithItsMetadataAndChecksum() throws Exception {
        ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.metadata()).isEqualTo(written);
        assertThat(bundle.metadata().modelSha256())
                .isEqualTo(ModelBundle.sha256(dir.resolve(ModelBundle.DEFAULT_MODEL_FILE)))
                .matches("[0-9a-f]{64}");
        assertThat(bundle.metadata().missingFields()).isEmpty();
        assertThat(bundle.directory()).contains(dir);
        assertThat(bundle.source()).isEqualTo(dir.toString());
        assertThat(bundle.classifier().version()).isEqualTo("tiny-1");
        assertThat(bundle.classifier().classify(Analyzers.analyze("東京 天気")).probabilities()).hasSize(3);
        assertThat(Files.readString(dir.resolve(ModelBundle.METADATA_FILE))).contains("\"modelSha256\" : \"" + written.modelSha256());
    }

    @Test
    void serialisingTheSameModelTwiceGivesTheSameBytes() throws Exception {
        assertThat(ModelBundle.sha256(ModelBundleWriter.serialise(TinyModel.model()))).isEqualTo(written.modelSha256());
    }

    /**
     * The other candidates round-trip too: a CART tree (analysis features only, scores Tribuo does not call
     * probabilities) and XGBoost (native boosters inside the protobuf), on the protobuf runtime of the Quarkus BOM.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cart", "xgboost"})
    void otherCandidatesRoundTripAsWell(String name, @TempDir Path other) throws Exception {
        ModelCandidates.Candidate candidate = ModelCandidates.byNames(List.of(name)).get(0);
        FeatureEncoder encoder = new FeatureEncoder(candidate.spec());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("tiny", factory), factory);
        for (LabelledQuery q : TinyModel.rows()) {
            ds.add(encoder.encode(Analyzers.analyze(q.query()), new Label(q.type().label())));
        }
        ModelMetadata m = TinyModel.metadata();
        m = new ModelMetadata(m.version(), m.description(), m.createdAt(), m.accuracy(), m.f1Score(), m.perClassF1(),
                m.perLanguage(), m.evaluatedOn(), m.labels(), m.featureSetVersion(), m.encoderVersion(),
                candidate.spec(), m.trainingDataChecksum(), m.trainingDataFiles(), m.modelFile(), "", m.modelFormat(),
                name, candidate.describe(42), m.tribuoVersion(), m.seed(), m.trainingLicenses(), m.calibration(),
                m.handwrittenTest());
        var model = candidate.trainer(42).train(ds);
        ModelMetadata written = ModelBundleWriter.write(other, model, m);
        assertThat(ModelBundle.sha256(ModelBundleWriter.serialise(model))).isEqualTo(written.modelSha256());
        ModelBundle bundle = ModelBundle.load(other);
        for (String q : List.of("東京 天気", "How do I reset my password?")) {
            double[] p = bundle.classifier().classify(Analyzers.analyze(q)).probabilities();
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void refusesATamperedModelFile() throws Exception {
        Path model = dir.resolve(ModelBundle.DEFAULT_MODEL_FILE);
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(model, bytes);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("expected sha256 " + written.modelSha256())
                .hasMessageContaining("found " + ModelBundle.sha256(bytes));
    }

    @Test
    void refusesAnotherFeatureSetVersion() throws Exception {
        editMetadata(m -> m.put("featureSetVersion", "0"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("feature set version mismatch")
                .hasMessageContaining("expected " + Feature.SET_VERSION)
                .hasMessageContaining("found 0");
    }

    @Test
    void refusesMetadataWithoutARequiredField() throws Exception {
        editMetadata(m -> m.remove("f1Score"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("lacks required field(s) [f1Score]");
    }

    @Test
    void refusesOtherLabels() throws Exception {
        editMetadata(m -> m.putArray("labels").add("keyword").add("semantic").add("unknown"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("labels mismatch: expected [keyword, semantic, hybrid], found [keyword, semantic, unknown]");
    }

    @Test
    void refusesUnparseableMetadata() throws Exception {
        Files.writeString(dir.resolve(ModelBundle.METADATA_FILE), "{\"version\": \"1.0.0\", ", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("metadata.json is not valid metadata JSON");
    }

    @Test
    void refusesACorruptModelFileWhoseChecksumWasUpdated() throws Exception {
        // A gzip stream of garbage: the checksum matches (updated below), the protobuf does not parse.
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
            gzip.write("this is not a Tribuo model".getBytes(StandardCharsets.UTF_8));
        }
        byte[] corrupt = buffer.toByteArray();
        Files.write(dir.resolve(ModelBundle.DEFAULT_MODEL_FILE), corrupt);
        editMetadata(m -> m.put("modelSha256", ModelBundle.sha256(corrupt)));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("model file model.tribuo.gz does not deserialise as a Tribuo model");
    }

    @Test
    void refusesAnUnknownEncoderVersion() throws Exception {
        editMetadata(m -> m.put("encoderVersion", "something-else-9"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("unknown encoder version: expected " + FeatureEncoder.VERSION + ", found something-else-9");
    }

    @Test
    void refusesEncoderParametersThatDoNotMatchTheModel() throws Exception {
        editMetadata(m -> ((ObjectNode) m.get("encoder")).put("charBuckets", 16));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("cannot produce (encoder parameters do not match the model)");
    }

    @Test
    void refusesAMissingModelFileOrDirectory() throws Exception {
        Files.delete(dir.resolve(ModelBundle.DEFAULT_MODEL_FILE));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("model file model.tribuo.gz named by metadata.json is missing");
        assertThatThrownBy(() -> ModelBundle.load(dir.resolve("nope")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("does not exist");
        Files.delete(dir.resolve(ModelBundle.METADATA_FILE));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("no metadata.json");
    }

    @Test
    void refusesAModelFileNameThatLeavesTheDirectory() throws Exception {
        editMetadata(m -> m.put("modelFile", "../model.tribuo.gz"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("modelFile must be a plain file name");
    }

    @Test
    void refusesACalibrationItCannotApply() throws Exception {
        editMetadata(m -> m.putObject("calibration").put("method", "temperature").put("temperature", -1.0)
                .put("fittedOn", "dev"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("invalid calibration").hasMessageContaining("temperature must be in");
        editMetadata(m -> m.putObject("calibration").put("method", "isotonic").put("temperature", 1.0)
                .put("fittedOn", "dev"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("unknown calibration method 'isotonic'");
        editMetadata(m -> m.remove("calibration"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("lacks required field(s) [calibration]");
    }

    /** The metadata's temperature is applied to every prediction: the same model, softer probabilities. */
    @Test
    void appliesTheCalibrationOfItsMetadata() throws Exception {
        QueryAnalysis q = Analyzers.analyze("How do I reset my password?");
        double[] raw = ModelBundle.load(dir).classifier().classify(q).probabilities();
        editMetadata(m -> m.putObject("calibration").put("method", "temperature").put("temperature", 2.0)
                .put("fittedOn", "dev"));
        ModelBundle calibrated = ModelBundle.load(dir);
        assertThat(calibrated.metadata().calibration().temperature()).isEqualTo(2.0);
        double[] p = calibrated.classifier().classify(q).probabilities();
        double sum = 0;
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = Math.sqrt(raw[i]); // p^(1/T) with T = 2, then normalised
            sum += expected[i];
        }
        for (int i = 0; i < 3; i++) {
            assertThat(p[i]).isCloseTo(expected[i] / sum, within(1e-9));
        }
        assertThat(Prediction.fromProbabilities(p, "x").type()).isEqualTo(Prediction.fromProbabilities(raw, "x").type());
    }

    @Test
    void classpathResourcesThatAreMissingAreRefused() {
        assertThatThrownBy(() -> ModelBundle.loadFromClasspath("no/such/model"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("classpath:no/such/model: no metadata.json");
    }

    private void editMetadata(Consumer<ObjectNode> edit) throws IOException {
        Path file = dir.resolve(ModelBundle.METADATA_FILE);
        ObjectNode m = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(m);
        Files.writeString(file, JSON.writeValueAsString(m), StandardCharsets.UTF_8);
    }
}
