package io.qtp.classify.trained;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The content of a model directory's {@code metadata.json} (docs/MODEL.md). Every component is required: a
 * model whose metadata lacks one is refused ({@link #missingFields()}). Unknown keys are ignored, so that a newer
 * trainer may add fields without breaking older readers.
 *
 * <p>Components are boxed so that a missing key reads as {@code null} and is reported, instead of silently
 * becoming 0.
 *
 * @param version              the model version, reported as {@code modelVersion} by the service (e.g. {@code 1.0.0})
 * @param description          free text
 * @param createdAt            ISO-8601 instant of training, e.g. {@code 2026-01-31T12:00:00Z}
 * @param accuracy             accuracy on the evaluation split ({@link #evaluatedOn})
 * @param f1Score              macro-averaged F1 on the evaluation split
 * @param perClassF1           F1 per label on the evaluation split
 * @param perLanguage          metrics per language ({@code ja}, {@code en}) on the evaluation split
 * @param evaluatedOn          what the metrics were measured on, e.g. {@code test.jsonl (2681 rows)}
 * @param labels               the label set, exactly {@code keyword}, {@code semantic}, {@code hybrid}
 * @param featureSetVersion    {@code io.qtp.analysis.Feature.SET_VERSION} at training time
 * @param encoderVersion       {@link FeatureEncoder#VERSION} at training time
 * @param encoder              the encoder's parameters
 * @param trainingDataChecksum SHA-256 (hex) of the bytes of {@link #trainingDataFiles} concatenated in that order
 * @param trainingDataFiles    the data files used (training, selection, evaluation), in checksum order
 * @param modelFile            the model file's name inside the directory
 * @param modelSha256          SHA-256 (hex) of the model file
 * @param modelFormat          how the model file is written, {@code tribuo-protobuf}
 * @param algorithm            the chosen candidate, e.g. {@code linear-sgd-logistic}
 * @param trainer              the Tribuo trainer with its hyper-parameters (provenance string)
 * @param tribuoVersion        the Tribuo version that trained the model
 * @param seed                 the training seed
 * @param trainingLicenses     rows per licence (SPDX id; {@code unspecified} for rows without one) of the data the
 *                             model was fitted on: the training split, plus the development split that chose the
 *                             candidate and fitted the calibration
 * @param calibration          how the probabilities are calibrated at inference ({@link Calibration})
 * @param handwrittenTest      metrics per language on the hand-written (everyday) rows of the evaluation split, with
 *                             the calibration applied; empty when it has none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"version", "description", "createdAt", "accuracy", "f1Score", "perClassF1", "perLanguage",
        "evaluatedOn", "labels", "featureSetVersion", "encoderVersion", "encoder", "trainingDataChecksum",
        "trainingDataFiles", "modelFile", "modelSha256", "modelFormat", "algorithm", "trainer", "tribuoVersion",
        "seed", "trainingLicenses", "calibration", "handwrittenTest"})
public record ModelMetadata(
        String version,
        String description,
        String createdAt,
        Double accuracy,
        Double f1Score,
        Map<String, Double> perClassF1,
        Map<String, LanguageMetrics> perLanguage,
        String evaluatedOn,
        List<String> labels,
        String featureSetVersion,
        String encoderVersion,
        FeatureEncoder.Spec encoder,
        String trainingDataChecksum,
        List<String> trainingDataFiles,
        String modelFile,
        String modelSha256,
        String modelFormat,
        String algorithm,
        String trainer,
        String tribuoVersion,
        Long seed,
        Map<String, Long> trainingLicenses,
        Calibration calibration,
        Map<String, LanguageMetrics> handwrittenTest) {

    /**
     * Metrics of one language.
     *
     * @param rows       rows of that language in the evaluation split
     * @param accuracy   accuracy
     * @param f1Score    macro-averaged F1
     * @param perClassF1 F1 per label
     */
    @JsonPropertyOrder({"rows", "accuracy", "f1Score", "perClassF1"})
    public record LanguageMetrics(int rows, double accuracy, double f1Score, Map<String, Double> perClassF1) {
    }

    /** The names of the components that are null (missing from the JSON), in declaration order. */
    public List<String> missingFields() {
        List<String> missing = new ArrayList<>();
        for (RecordComponent c : ModelMetadata.class.getRecordComponents()) {
            try {
                if (c.getAccessor().invoke(this) == null) {
                    missing.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e); // public accessors of a public record: cannot happen
            }
        }
        return missing;
    }

    /** A copy with the model file's checksum filled in (the writer knows it only once the file is written). */
    public ModelMetadata withModelSha256(String sha256) {
        return new ModelMetadata(version, description, createdAt, accuracy, f1Score, perClassF1, perLanguage,
                evaluatedOn, labels, featureSetVersion, encoderVersion, encoder, trainingDataChecksum,
                trainingDataFiles, modelFile, sha256, modelFormat, algorithm, trainer, tribuoVersion, seed,
                trainingLicenses, calibration, handwrittenTest);
    }
}
