package io.qtp.classify.trained;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qtp.analysis.Feature;
import io.qtp.analysis.Language;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.analysis.Token;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;

/**
 * A model directory loaded and verified: the content of a {@code current/} or {@code green/} slot, i.e.
 * {@value #METADATA_FILE} plus the model file it names. Immutable; the classifier is thread-safe.
 *
 * <p>{@link #load(Path)} refuses, with an {@link InvalidModelException} saying what was expected and what was found,
 * a directory whose
 * <ol>
 *   <li>{@code metadata.json} is missing, not JSON, or lacks a field of {@link ModelMetadata};
 *   <li>labels are not exactly {@code keyword}, {@code semantic}, {@code hybrid};
 *   <li>{@code featureSetVersion} is not this build's {@link Feature#SET_VERSION} (the model was trained on
 *       another feature layout);
 *   <li>{@code encoderVersion} is not {@link FeatureEncoder#VERSION}, or whose encoder parameters are invalid;
 *   <li>{@code calibration} names an unknown method or parameters out of range ({@link Calibration#problem()});
 *   <li>model file is missing or its SHA-256 differs from {@code modelSha256};
 *   <li>model file does not deserialise (Tribuo protobuf, gzipped or not) into a classification model over the
 *       three labels, or knows features the encoder cannot produce (encoder parameters do not match the model);
 *   <li>model does not return valid probabilities (finite, summing to 1) for a few fixed probe queries.
 * </ol>
 * The checksum is computed on the very bytes that are deserialised, so a file replaced between the two steps
 * cannot slip through.
 *
 * <p>This class only reads; the trainer writes model directories with {@code io.qtp.training.ModelBundleWriter}.
 */
public final class ModelBundle {

    /** The metadata file of a model directory. */
    public static final String METADATA_FILE = "metadata.json";
    /** The model file name the trainer writes. */
    public static final String DEFAULT_MODEL_FILE = "model.tribuo.gz";
    /**
     * The format of the model file: Tribuo's protobuf serialisation ({@code Model.serializeToStream}), gzipped
     * (the protobuf repeats the feature names and class names of every feature; gzip shrinks it about fourfold).
     * A plain, uncompressed Tribuo protobuf file ({@code Model.serializeToFile}) is read as well.
     */
    public static final String MODEL_FORMAT = "tribuo-protobuf+gzip";
    /** The classpath directory of the model bundled in the service's jar. */
    public static final String BUNDLED_RESOURCE = "model/current";
    /** The label set a model must have, in {@link QueryType} order. */
    public static final List<String> LABELS = List.of(
            QueryType.KEYWORD.label(), QueryType.SEMANTIC.label(), QueryType.HYBRID.label());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final ModelMetadata metadata;
    private final TrainedClassifier classifier;
    private final Path directory;
    private final String source;

    private ModelBundle(ModelMetadata metadata, TrainedClassifier classifier, Path directory, String source) {
        this.metadata = metadata;
        this.classifier = classifier;
        this.directory = directory;
        this.source = source;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** The model as a {@link io.qtp.classify.QueryClassifier}; its {@code version()} is the metadata version. */
    public TrainedClassifier classifier() {
        return classifier;
    }

    /** The directory the bundle was loaded from; empty for a bundle loaded from the classpath. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** Where the bundle came from, for logs: the directory, or {@code classpath:<resource dir>}. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "ModelBundle[" + metadata.version() + " from " + source + "]";
    }

    // ------------------------------------------------------------------ loading

    /** Reads one file of a model directory; a missing file is {@code null}. */
    @FunctionalInterface
    private interface FileReader {
        byte[] read(String name) throws IOException;
    }

    /**
     * Loads and verifies a model directory (see the class comment).
     *
     * @param dir the directory holding {@value #METADATA_FILE} and the model file
     * @throws InvalidModelException naming the first check that failed
     */
    public static ModelBundle load(Path dir) throws InvalidModelException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new InvalidModelException("model directory " + dir + " does not exist or is not a directory");
        }
        return verify(dir.toString(), dir, name -> {
            try {
                return Files.readAllBytes(dir.resolve(name));
            } catch (NoSuchFileException e) {
                return null;
            }
        });
    }

    /**
     * Loads and verifies a model bundled as classpath resources, e.g. {@code model/current} for
     * {@code src/main/resources/model/current/}.
     *
     * @throws InvalidModelException naming the first check that failed (also when the resources are absent)
     */
    public static ModelBundle loadFromClasspath(String resourceDir) throws InvalidModelException {
        String base = Objects.requireNonNull(resourceDir, "resourceDir").replaceAll("^/+|/+$", "");
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(ModelBundle.class.getClassLoader());
        return verify("classpath:" + base, null, name -> {
            try (InputStream in = loader.getResourceAsStream(base + "/" + name)) {
                return in == null ? null : in.readAllBytes();
            }
        });
    }

    /**
     * Loads and verifies the model bundled in the service's jar ({@value #BUNDLED_RESOURCE} on the classpath).
     *
     * @throws InvalidModelException naming the first check that failed (also when the resources are absent)
     */
    public static ModelBundle loadBundled() throws InvalidModelException {
        return loadFromClasspath(BUNDLED_RESOURCE);
    }

    private static ModelBundle verify(String source, Path dir, FileReader files) throws InvalidModelException {
        ModelMetadata m = readMetadata(source, files);

        List<String> missing = m.missingFields();
        if (!missing.isEmpty()) {
            throw new InvalidModelException(source + "/" + METADATA_FILE + " lacks required field(s) " + missing);
        }
        if (m.labels().size() != LABELS.size() || !new HashSet<>(m.labels()).equals(new HashSet<>(LABELS))) {
            throw new InvalidModelException(source + ": labels mismatch: expected " + LABELS + ", found " + m.labels());
        }
        if (!Feature.SET_VERSION.equals(m.featureSetVersion())) {
            throw new InvalidModelException(source + ": feature set version mismatch: expected "
                    + Feature.SET_VERSION + " (this analyser), found " + m.featureSetVersion()
                    + " (the model was trained on another feature layout)");
        }
        if (!FeatureEncoder.VERSION.equals(m.encoderVersion())) {
            throw new InvalidModelException(source + ": unknown encoder version: expected " + FeatureEncoder.VERSION
                    + ", found " + m.encoderVersion());
        }
        String calibrationProblem = m.calibration().problem();
        if (calibrationProblem != null) {
            throw new InvalidModelException(source + ": invalid calibration " + m.calibration() + ": " + calibrationProblem);
        }
        String file = m.modelFile();
        if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.equals("..") || file.equals(".")) {
            throw new InvalidModelException(source + ": modelFile must be a plain file name in the directory, found '"
                    + file + "'");
        }
        if (!SHA256_HEX.matcher(m.modelSha256()).matches()) {
            throw new InvalidModelException(source + ": modelSha256 is not a SHA-256 hex digest: '" + m.modelSha256() + "'");
        }

        byte[] bytes;
        try {
            bytes = files.read(file);
        } catch (IOException e) {
            throw new InvalidModelException(source + ": cannot read model file " + file + ": " + e, e);
        }
        if (bytes == null) {
            throw new InvalidModelException(source + ": model file " + file + " named by " + METADATA_FILE + " is missing");
        }
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(m.modelSha256())) {
            throw new InvalidModelException(source + ": model file " + file + " checksum mismatch: expected sha256 "
                    + m.modelSha256().toLowerCase(Locale.ROOT) + " (" + METADATA_FILE + "), found " + actual);
        }

        Model<Label> model = deserialize(source, file, bytes);
        FeatureEncoder encoder;
        try {
            encoder = new FeatureEncoder(m.encoder());
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(source + ": invalid encoder parameters " + m.encoder() + ": " + e.getMessage(), e);
        }
        checkFeatures(source, model.getFeatureIDMap(), encoder);
        TrainedClassifier classifier;
        try {
            classifier = new TrainedClassifier(model, encoder, m.version(), m.calibration());
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(source + ": " + e.getMessage(), e);
        }
        probe(source, classifier);
        return new ModelBundle(m, classifier, dir, source);
    }

    private static ModelMetadata readMetadata(String source, FileReader files) throws InvalidModelException {
        byte[] json;
        try {
            json = files.read(METADATA_FILE);
        } catch (IOException e) {
            throw new InvalidModelException(source + ": cannot read " + METADATA_FILE + ": " + e, e);
        }
        if (json == null) {
            throw new InvalidModelException(source + ": no " + METADATA_FILE);
        }
        try {
            ModelMetadata m = JSON.readValue(json, ModelMetadata.class);
            if (m == null) {
                throw new InvalidModelException(source + "/" + METADATA_FILE + " is empty (JSON null)");
            }
            return m;
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            throw new InvalidModelException(source + "/" + METADATA_FILE + " is not valid metadata JSON: " + detail, e);
        }
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B;
    }

    @SuppressWarnings("unchecked") // checked by validate(Label.class) just below
    private static Model<Label> deserialize(String source, String file, byte[] bytes) throws InvalidModelException {
        Model<?> model;
        try {
            InputStream in = new ByteArrayInputStream(bytes);
            if (isGzip(bytes)) {
                in = new GZIPInputStream(in, 64 * 1024);
            }
            model = Model.deserializeFromStream(in);
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: a protobuf runtime the Tribuo classes were not compiled against, or a native library
            // (XGBoost) that does not load on this platform. Either way this model cannot serve here.
            String hint = String.valueOf(e.getMessage()).contains("org.tribuo.common.xgboost")
                    ? " (boosted trees: XGBoost, which this core library does not include; put"
                            + " org.tribuo:tribuo-classification-xgboost on the classpath, or serve the model with the service)"
                    : "";
            throw new InvalidModelException(source + ": model file " + file + " does not deserialise as a Tribuo model: "
                    + e + hint, e);
        }
        if (!model.validate(Label.class)) {
            throw new InvalidModelException(source + ": model file " + file
                    + " is not a classification model: expected outputs of type Label, found " + model.getOutputIDInfo().getDomain());
        }
        return (Model<Label>) model;
    }

    /** Every feature the model knows must be one the encoder can emit; otherwise the encoder parameters differ. */
    private static void checkFeatures(String source, ImmutableFeatureMap features, FeatureEncoder encoder)
            throws InvalidModelException {
        Set<String> known = new HashSet<>(encoder.featureNames());
        for (VariableInfo v : features) {
            if (!known.contains(v.getName())) {
                throw new InvalidModelException(source + ": the model uses feature '" + v.getName()
                        + "' that the encoder " + encoder.spec() + " cannot produce (encoder parameters do not match the model)");
            }
        }
    }

    /** Classifies a few fixed, pre-analysed probe queries and checks the probabilities. */
    private static void probe(String source, TrainedClassifier classifier) throws InvalidModelException {
        for (QueryAnalysis q : Probes.ALL) {
            Prediction p;
            try {
                p = classifier.classify(q);
            } catch (RuntimeException | LinkageError e) {
                throw new InvalidModelException(source + ": the model fails on the probe query '" + q.query() + "': " + e, e);
            }
            double[] probabilities = p.probabilities();
            if (classifier.isCompiled()) {
                double[] reference = classifier.classifyWithTribuo(q).probabilities();
                double tolerance = classifier.compiledTolerance();
                for (int i = 0; i < reference.length; i++) {
                    if (!(Math.abs(reference[i] - probabilities[i]) <= tolerance)) {
                        throw new InvalidModelException(source + ": the compiled model disagrees with Tribuo on the probe query '"
                                + q.query() + "': " + java.util.Arrays.toString(probabilities) + " vs "
                                + java.util.Arrays.toString(reference));
                    }
                }
            }
            double sum = 0;
            for (double x : probabilities) {
                if (!(x >= 0 && x <= 1)) {
                    throw new InvalidModelException(source + ": the model returns an invalid probability " + x
                            + " for the probe query '" + q.query() + "'");
                }
                sum += x;
            }
            if (Math.abs(sum - 1) > 1e-6) {
                throw new InvalidModelException(source + ": the model's probabilities for the probe query '" + q.query()
                        + "' sum to " + sum + ", expected 1");
            }
        }
    }

    /**
     * Pre-analysed probe queries, built by hand so that verifying a model needs no analyser (loading one takes
     * half a second and the service already owns one). The values approximate what the analyser computes; the probe
     * checks that encoder and model run end to end and return valid probabilities, not what they predict.
     */
    static final class Probes {
        static final List<QueryAnalysis> ALL = List.of(japaneseKeyword(), englishQuestion());

        private static QueryAnalysis japaneseKeyword() {
            double[] f = new double[Feature.count()];
            set(f, Feature.LANGUAGE_JA, 1);
            set(f, Feature.CHAR_COUNT, 24);
            set(f, Feature.CHAR_COUNT_NORM, 0.12);
            set(f, Feature.TOKEN_COUNT, 4);
            set(f, Feature.TOKEN_COUNT_NORM, 4 / 30.0);
            set(f, Feature.TERM_COUNT, 3);
            set(f, Feature.TERM_COUNT_NORM, 0.1);
            set(f, Feature.AVG_TOKEN_LENGTH, 5.5);
            set(f, Feature.AVG_TOKEN_LENGTH_NORM, 0.275);
            set(f, Feature.UNIQUE_TOKEN_RATIO, 1);
            set(f, Feature.UPPERCASE_RATIO, 2 / 22.0);
            set(f, Feature.WHITESPACE_RATIO, 2 / 24.0);
            set(f, Feature.SCRIPT_KANJI, 4 / 22.0);
            set(f, Feature.SCRIPT_KATAKANA, 10 / 22.0);
            set(f, Feature.SCRIPT_LATIN, 10 / 22.0);
            set(f, Feature.JA_NOUN_RATIO, 1);
            set(f, Feature.JA_CONTENT_WORD_RATIO, 1);
            List<Token> tokens = List.of(
                    new Token("PostgreSQL", "名詞", "名詞-固有名詞-組織", "PostgreSQL"),
                    new Token("ベクトル", "名詞", "名詞-一般", "ベクトル"),
                    new Token("検索", "名詞", "名詞-サ変接続", "検索"),
                    new Token("インデックス", "名詞", "名詞-一般", "インデックス"));
            return new QueryAnalysis("PostgreSQL ベクトル検索 インデックス", Language.JA, tokens, f);
        }

        private static QueryAnalysis englishQuestion() {
            double[] f = new double[Feature.count()];
            set(f, Feature.CHAR_COUNT, 47);
            set(f, Feature.CHAR_COUNT_NORM, 0.235);
            set(f, Feature.TOKEN_COUNT, 8);
            set(f, Feature.TOKEN_COUNT_NORM, 8 / 30.0);
            set(f, Feature.TERM_COUNT, 8);
            set(f, Feature.TERM_COUNT_NORM, 8 / 30.0);
            set(f, Feature.AVG_TOKEN_LENGTH, 4.75);
            set(f, Feature.AVG_TOKEN_LENGTH_NORM, 0.2375);
            set(f, Feature.UNIQUE_TOKEN_RATIO, 1);
            set(f, Feature.SPECIAL_CHAR_RATIO, 1 / 47.0);
            set(f, Feature.UPPERCASE_RATIO, 1 / 38.0);
            set(f, Feature.WHITESPACE_RATIO, 7 / 47.0);
            set(f, Feature.TRAILING_QUESTION_MARK, 1);
            set(f, Feature.QUESTION_FORM, 1);
            set(f, Feature.SCRIPT_LATIN, 38 / 40.0);
            set(f, Feature.SCRIPT_SYMBOL, 1 / 40.0);
            set(f, Feature.EN_STOPWORD_RATIO, 0.5);
            set(f, Feature.EN_NOUN_RATIO, 0.375);
            set(f, Feature.EN_VERB_RATIO, 0.125);
            set(f, Feature.EN_ADJECTIVE_RATIO, 0.125);
            set(f, Feature.EN_PREPOSITION_RATIO, 0.125);
            set(f, Feature.EN_DETERMINER_RATIO, 0.125);
            set(f, Feature.EN_PRONOUN_RATIO, 0.125);
            set(f, Feature.EN_WH_WORD_RATIO, 0.125);
            set(f, Feature.EN_WH_QUESTION, 1);
            set(f, Feature.EN_PREPOSITIONAL_PHRASE, 1);
            List<Token> tokens = List.of(
                    new Token("What", "PRON"), new Token("are", "AUX"), new Token("the", "DET"),
                    new Token("best", "ADJ"), new Token("practices", "NOUN"), new Token("for", "ADP"),
                    new Token("vector", "NOUN"), new Token("search", "NOUN"), new Token("?", "PUNCT"));
            return new QueryAnalysis("What are the best practices for vector search?", Language.EN, tokens, f);
        }

        private static void set(double[] f, Feature feature, double value) {
            f[feature.ordinal()] = value;
        }
    }

    /** Lower-case hex SHA-256 of some bytes. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** Lower-case hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
