package io.qtp.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.qtp.analysis.Feature;
import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryClassifier;
import io.qtp.classify.QueryType;
import io.qtp.classify.RuleBasedScorer;
import io.qtp.classify.trained.Calibration;
import io.qtp.classify.trained.FeatureEncoder;
import io.qtp.classify.trained.InvalidModelException;
import io.qtp.classify.trained.ModelBundle;
import io.qtp.classify.trained.ModelMetadata;
import io.qtp.classify.trained.TrainedClassifier;
import io.qtp.cli.DatabaseOptions;
import io.qtp.cli.SeedOption;
import io.qtp.cli.Tool;
import io.qtp.cli.VersionOption;
import io.qtp.dataset.EverydayBatch;

/**
 * The {@code train} command (docs/MODEL.md): trains the candidates on the training split with one seed, picks the
 * eligible one ({@link ModelCandidates#FAST} by default) with the best macro-F1 on the dev split, reports every candidate
 * and the rule-based baseline on the test split, and writes the chosen model to {@code <out>/current/} (model file and {@code metadata.json}) and the report
 * to {@code <out>/training-report.md} (also printed to stdout). Progress goes to stderr.
 *
 * <p>The test split is only ever predicted, after training and selection: it never influences a model.
 */
@Command(name = "train",
        description = "Trains the candidates on labelled data and writes the best to a model directory.",
        footer = {"", "The chosen candidate is the eligible one with the best dev macro-F1. Every figure of the report"
                + " is on the test split, which never influences training or selection."})
public final class Train extends Tool {

    @Option(names = "--data", required = true, paramLabel = "DIR|FILE",
            description = "a directory with train.jsonl, dev.jsonl, test.jsonl (the committed split, e.g."
                    + " data/query-types), or one labelled .jsonl/.csv file (split 70/15/15, stratified, seeded)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the model directory: the chosen model goes to <out>/current/, the report to"
                    + " <out>/training-report.md")
    Path outDir;

    @Mixin
    SeedOption seed;

    @Mixin
    VersionOption version;

    @Option(names = "--description", paramLabel = "TEXT", description = "free text for metadata.json")
    String description;

    @Option(names = "--candidates", paramLabel = "NAMES",
            description = "comma-separated, from: ${COMPLETION-CANDIDATES}",
            completionCandidates = Names.class)
    String candidates = String.join(",", ModelCandidates.DEFAULT);

    @Option(names = "--eligible", paramLabel = "NAMES",
            description = "the candidates that may be chosen (by default those whose single-query inference fits"
                    + " the latency budget, docs/MODEL.md); the others are trained and reported only")
    String eligible = String.join(",", ModelCandidates.FAST);

    @Option(names = "--include-noncommercial",
            description = "also fit on rows whose licence forbids commercial use (CC-BY-NC-*: the SciFact rows); by"
                    + " default the training and development rows are only those licensed CC0-1.0, CC-BY-* or"
                    + " CC-BY-SA-* (or without a stated licence), and metadata.json lists them")
    boolean includeNoncommercial;

    @Option(names = "--chart", paramLabel = "FILE",
            description = "also write the reliability diagram (PNG) of the hand-written and derived test rows")
    Path chart;

    @Option(names = "--from-db",
            description = "also train on the feedback stored by POST /api/feedback (correctType when given, else"
                    + " predictedType), added to the training split only (docs/MODEL.md), from the database of"
                    + " --db-url")
    boolean fromDb;

    @Mixin
    DatabaseOptions database;

    @Spec
    CommandSpec spec;

    /** The names --candidates accepts, for the help. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ModelCandidates.names().iterator();
        }
    }

    /** The {@code --include-noncommercial} flag, as the report names it. */
    static final String INCLUDE_NONCOMMERCIAL = "--include-noncommercial";
    /** The source of the hand-written everyday rows (data/query-types/README.md). */
    static final String EVERYDAY = "everyday";
    /** The recommended fallback threshold is where the accuracy of the dev predictions falls under this. */
    static final double FALLBACK_ACCURACY = 0.8;

    /** The model slot the command writes inside {@code --out}. */
    public static final String CURRENT = "current";
    /** The report file inside {@code --out}. */
    public static final String REPORT_FILE = "training-report.md";

    @Override
    public Integer call() throws IOException, InvalidModelException, java.sql.SQLException {
        Options o;
        try {
            o = new Options(data, outDir, seed.seed(), version.version(), description,
                    ModelCandidates.byNames(Arrays.asList(candidates.split(","))), eligible(eligible),
                    fromDb ? db() : null, includeNoncommercial, chart);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return train(o, out, err);
    }

    private FeedbackData.Db db() {
        String url = database.url();
        if (url == null) {
            throw new IllegalArgumentException("--from-db needs --db-url or DATABASE_URL");
        }
        return FeedbackData.Db.of(url, database.user(), database.password());
    }

    /** The quality bar of docs/MODEL.md: macro-F1 on the held-out test split, in each language. */
    static final double QUALITY_BAR = 0.95;

    record Options(Path data, Path out, long seed, String version, String description,
                   List<ModelCandidates.Candidate> candidates, Set<String> eligible, FeedbackData.Db db,
                   boolean includeNoncommercial, Path chart) {

        Options(Path data, Path out, long seed, String version, String description,
                List<ModelCandidates.Candidate> candidates, Set<String> eligible, FeedbackData.Db db) {
            this(data, out, seed, version, description, candidates, eligible, db, false, null);
        }
    }

    private static Set<String> eligible(String names) {
        Set<String> set = new LinkedHashSet<>();
        for (ModelCandidates.Candidate c : ModelCandidates.byNames(Arrays.asList(names.split(",")))) {
            set.add(c.name());
        }
        return set;
    }

    /** A trained candidate with its results. */
    record Trained(ModelCandidates.Candidate candidate, TrainedClassifier classifier,
                   Evaluation.Result dev, Evaluation.Timing devTiming, Evaluation.Result test,
                   Evaluation.Timing timing, byte[] modelFile, double trainSeconds, String specMiss) {

        Report.Line line(String selection) {
            return new Report.Line(candidate.name(), candidate.algorithm(), dev.overall().macroF1(),
                    devTiming.modelMeanMicros(), selection, test, timing, (long) modelFile.length, trainSeconds);
        }
    }

    static int train(Options o, PrintStream out, PrintStream err)
            throws IOException, InvalidModelException, java.sql.SQLException {
        try (Progress progress = new Progress(err, "train")) {
            DataFiles.Splits loaded;
            try (Progress.Step s = progress.step("loading " + o.data())) {
                loaded = DataFiles.load(o.data(), o.seed());
                s.done(String.format(Locale.ROOT, "%s: train %d, dev %d, test %d rows", loaded.description(),
                        loaded.train().size(), loaded.dev().size(), loaded.test().size()));
            }
            String loadedChecksum = loaded.checksum();
            if (o.db() != null) {
                try (Progress.Step s = progress.step("reading feedback from " + o.db().url())) {
                    FeedbackData.Merged merged = FeedbackData.merge(loaded, FeedbackData.read(o.db()));
                    loaded = merged.splits();
                    loadedChecksum = merged.checksum();
                    s.done(merged.summary() + "; train now " + loaded.train().size() + " rows");
                }
            }
            if (!o.includeNoncommercial()) {
                DataFiles.Splits all = loaded;
                loaded = new DataFiles.Splits(Licenses.commercial(all.train()), Licenses.commercial(all.dev()),
                        all.test(), all.files(), all.description());
                progress.info(String.format(Locale.ROOT, "commercial-use licences only: train %d of %d rows, dev %d of %d "
                        + "(left out: %s); test keeps all %d rows for reporting", loaded.train().size(),
                        all.train().size(), loaded.dev().size(), all.dev().size(),
                        Licenses.count(all.train().stream().filter(r -> !Licenses.allowsCommercialUse(r.license())).toList(),
                                all.dev().stream().filter(r -> !Licenses.allowsCommercialUse(r.license())).toList()),
                        all.test().size()));
            }
            final DataFiles.Splits splits = loaded;
            final String checksum = loadedChecksum;
            if (splits.train().isEmpty() || splits.dev().isEmpty() || splits.test().isEmpty()) {
                throw new IOException("every split needs rows: train " + splits.train().size() + ", dev "
                        + splits.dev().size() + ", test " + splits.test().size());
            }

            QueryAnalyzer analyzer;
            List<Evaluation.Row> train;
            List<Evaluation.Row> dev;
            List<Evaluation.Row> test;
            try (Progress.Step s = progress.step("analysing " + (splits.train().size() + splits.dev().size()
                    + splits.test().size()) + " queries")) {
                analyzer = new QueryAnalyzer();
                train = Evaluation.analyse(analyzer, splits.train());
                dev = Evaluation.analyse(analyzer, splits.dev());
                test = Evaluation.analyse(analyzer, splits.test());
                s.done("done");
            }
            List<String> devQueries = dev.stream().map(r -> r.query().query()).toList();
            List<String> testQueries = test.stream().map(r -> r.query().query()).toList();
            List<String> languages = languages(test);

            Map<List<Object>, MutableDataset<Label>> datasets = new HashMap<>();
            List<Trained> trained = new ArrayList<>();
            for (ModelCandidates.Candidate c : o.candidates()) {
                FeatureEncoder encoder = new FeatureEncoder(c.spec());
                MutableDataset<Label> dataset = datasets.computeIfAbsent(List.of(c.spec(), c.weighted()),
                        k -> dataset(encoder, train, trainingSourceName(splits, checksum), c.weighted()));
                Trainer<Label> trainer = c.trainer(o.seed());
                Model<Label> model;
                double seconds;
                try (Progress.Step s = progress.step("training " + c.name() + " on " + dataset.size() + " rows, "
                        + dataset.getFeatureMap().size() + " features")) {
                    model = trainer.train(dataset);
                    seconds = s.elapsedSeconds();
                    s.done("trained");
                }
                TrainedClassifier classifier = new TrainedClassifier(model, encoder, o.version());
                try (Progress.Step s = progress.step("evaluating " + c.name())) {
                    Evaluation.Result devResult = Evaluation.evaluate(classifier, dev);
                    Evaluation.Timing devTiming = Evaluation.time(analyzer, classifier, devQueries);
                    Evaluation.Result testResult = Evaluation.evaluate(classifier, test);
                    Evaluation.Timing timing = Evaluation.time(analyzer, classifier, testQueries);
                    byte[] bytes = ModelBundleWriter.serialise(model);
                    trained.add(new Trained(c, classifier, devResult, devTiming, testResult, timing, bytes, seconds,
                            specMiss(classifier, analyzer)));
                    Evaluation.Result devEveryday = devResult.where(Train::everyday);
                    StringBuilder perLanguage = new StringBuilder();
                    devEveryday.perLanguage().forEach((lang, m) -> perLanguage.append(String.format(Locale.ROOT,
                            " %s %.4f", lang, m.macroF1())));
                    s.done(String.format(Locale.ROOT, "dev macro-F1 %.4f (hand-written rows:%s), dev model time %.1f µs/query",
                            devResult.overall().macroF1(), perLanguage.length() == 0 ? " none" : perLanguage,
                            devTiming.modelMeanMicros()));
                }
            }

            Report.Line rules;
            try (Progress.Step s = progress.step("evaluating the rule-based baseline")) {
                RuleBasedScorer scorer = new RuleBasedScorer();
                Evaluation.Result devResult = Evaluation.evaluate(scorer, dev);
                rules = new Report.Line("rules (baseline)", "RuleBasedScorer " + RuleBasedScorer.VERSION,
                        devResult.overall().macroF1(), null, "baseline", Evaluation.evaluate(scorer, test),
                        Evaluation.time(analyzer, scorer, testQueries), null, null);
                s.done(String.format(Locale.ROOT, "dev macro-F1 %.4f", devResult.overall().macroF1()));
            }

            Trained best = select(trained, o.eligible(), progress);

            Calibrated calibrated;
            try (Progress.Step s = progress.step("calibrating " + best.candidate().name() + " on dev")) {
                calibrated = calibrate(best, splits, dev, test, analyzer);
                s.done(calibrated.choice().calibration().method() + " " + calibrated.describe());
            }
            String bar = qualityBar(calibrated.test());
            if (!bar.equals("met")) {
                progress.info("WARNING: the chosen model misses the quality bar on test: " + bar.replace("**", ""));
            }
            if (o.chart() != null) {
                ReliabilityChart.write(o.chart(), calibrated.panels());
                progress.info("wrote " + o.chart());
            }

            Path slot = o.out().resolve(CURRENT);
            ModelMetadata metadata = metadata(o, best, calibrated, splits, checksum);
            ModelMetadata written = ModelBundleWriter.write(slot, best.modelFile(), metadata);
            ModelBundle.load(slot); // the written directory must pass the same verification as the service's
            progress.info("wrote " + slot + " (" + written.modelFile() + ", sha256 " + written.modelSha256() + ")");

            List<Report.Line> lines = new ArrayList<>();
            for (Trained t : trained) {
                lines.add(t.line(t == best ? "**chosen**" : !o.eligible().contains(t.candidate().name())
                        ? "not eligible (inference too slow)" : t.specMiss() != null ? "not eligible (misses a SPEC example)"
                        : "eligible"));
            }
            lines.add(rules);
            long modelBytes = Files.size(slot.resolve(written.modelFile()));
            String report = report(o, splits, checksum, best, calibrated, lines, languages, written, modelBytes);
            Files.writeString(o.out().resolve(REPORT_FILE), report, StandardCharsets.UTF_8);
            progress.info("wrote " + o.out().resolve(REPORT_FILE));
            out.print(report);
            out.flush();
            return 0;
        }
    }

    /**
     * The six examples of the type table of the product specification (README, docs/MODEL.md): what the service
     * promises for them is a requirement, so a candidate that answers one of them otherwise is not eligible.
     */
    public static final Map<String, QueryType> SPEC_EXAMPLES = specExamples();

    private static Map<String, QueryType> specExamples() {
        Map<String, QueryType> m = new LinkedHashMap<>();
        m.put("PostgreSQL ベクトル検索 インデックス", QueryType.KEYWORD);
        m.put("machine learning algorithm comparison", QueryType.KEYWORD);
        m.put("ニューラルネットワークの学習方法について教えてください", QueryType.SEMANTIC);
        m.put("What are the best practices for implementing vector search in PostgreSQL?", QueryType.SEMANTIC);
        m.put("ニューラルネットワーク 学習方法 最適化", QueryType.HYBRID);
        m.put("machine learning algorithm comparison for image recognition", QueryType.HYBRID);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The first SPEC example the classifier answers otherwise ("query -> type p"), or null when it answers all. */
    static String specMiss(QueryClassifier classifier, QueryAnalyzer analyzer) {
        for (Map.Entry<String, QueryType> e : SPEC_EXAMPLES.entrySet()) {
            Prediction p = classifier.classify(analyzer.analyze(e.getKey()));
            if (p.type() != e.getValue()) {
                return String.format(Locale.ROOT, "%s -> %s %.2f", e.getKey(), p.type().label(), p.confidence());
            }
        }
        return null;
    }

    /**
     * The eligible candidate with the best dev macro-F1 (the first listed wins a tie). Eligibility is declared, not
     * measured, so that the same data and seed always choose the same model: timings vary with the machine's load;
     * and a candidate that answers a {@linkplain #SPEC_EXAMPLES SPEC example} otherwise is not eligible.
     * When no trained candidate is eligible, the best overall, with a warning.
     */
    static Trained select(List<Trained> trained, Set<String> eligible, Progress progress) {
        Trained best = null;
        for (Trained t : trained) {
            if (!eligible.contains(t.candidate().name())) {
                progress.info(String.format(Locale.ROOT, "%s is reported, not eligible (mean classification time on dev %.1f µs)",
                        t.candidate().name(), t.devTiming().modelMeanMicros()));
            } else if (t.specMiss() != null) {
                progress.info(t.candidate().name() + " is reported, not eligible: it answers a SPEC example otherwise ("
                        + t.specMiss() + ")");
            } else if (best == null || t.dev().overall().macroF1() > best.dev().overall().macroF1()) {
                best = t;
            }
        }
        if (best == null) {
            for (Trained t : trained) {
                if (best == null || t.dev().overall().macroF1() > best.dev().overall().macroF1()) {
                    best = t;
                }
            }
            progress.info("WARNING: no eligible candidate was trained; choosing " + best.candidate().name()
                    + " on dev macro-F1 alone");
        } else {
            progress.info("chosen on dev macro-F1 among the eligible candidates: " + best.candidate().name());
        }
        return best;
    }

    /** Encodes rows into a Tribuo dataset; the provenance has a fixed time, so it depends on the data only. */
    static MutableDataset<Label> dataset(FeatureEncoder encoder, List<Evaluation.Row> rows, String description,
            boolean weighted) {
        LabelFactory factory = new LabelFactory();
        OffsetDateTime fixed = OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC);
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance(description, fixed, factory), factory);
        float[] weights = weighted ? nearDuplicateWeights(rows) : null;
        for (int i = 0; i < rows.size(); i++) {
            Evaluation.Row r = rows.get(i);
            org.tribuo.Example<Label> e = encoder.encode(r.analysis(), new Label(r.query().type().label()));
            if (weights != null) {
                e.setWeight(weights[i]);
            }
            ds.add(e);
        }
        return ds;
    }

    /** {@link NearDuplicates} weights of the hand-written rows (source {@code everyday}). */
    static float[] nearDuplicateWeights(List<Evaluation.Row> rows) {
        boolean[] eligible = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            eligible[i] = "everyday".equals(rows.get(i).query().source());
        }
        return NearDuplicates.weights(rows.stream().map(r -> r.query().query()).toList(), eligible);
    }

    /**
     * The name of the training data in the model's provenance: file names and checksum only, so that the model
     * bytes do not depend on where the data directory is.
     */
    static String trainingSourceName(DataFiles.Splits splits, String checksum) {
        String files = String.join(" + ", splits.files().stream().map(p -> p.getFileName().toString()).toList());
        return (splits.files().size() == 3 ? "train split (first file) of " : "70 % training split of ") + files
                + ", sha256 " + checksum;
    }

    /** Languages of the evaluated rows, Japanese and English first. */
    static List<String> languages(List<Evaluation.Row> rows) {
        Set<String> found = new TreeSet<>();
        rows.forEach(r -> found.add(r.language()));
        List<String> ordered = new ArrayList<>();
        for (String preferred : List.of("ja", "en")) {
            if (found.remove(preferred)) {
                ordered.add(preferred);
            }
        }
        ordered.addAll(found);
        return ordered;
    }

    private static Map<String, ModelMetadata.LanguageMetrics> perLanguage(Evaluation.Result result) {
        Map<String, ModelMetadata.LanguageMetrics> perLanguage = new LinkedHashMap<>();
        for (String lang : languages(result.scored().stream().map(Evaluation.Scored::row).toList())) {
            Metrics m = result.perLanguage().get(lang);
            perLanguage.put(lang, new ModelMetadata.LanguageMetrics(m.rows(), Metrics.round(m.accuracy()),
                    Metrics.round(m.macroF1()), m.f1ByLabel()));
        }
        return perLanguage;
    }

    private static ModelMetadata metadata(Options o, Trained best, Calibrated calibrated, DataFiles.Splits splits,
                                          String checksum) {
        Evaluation.Result test = calibrated.test();
        Map<String, ModelMetadata.LanguageMetrics> perLanguage = perLanguage(test);
        String testName = splits.files().size() == 3 ? splits.files().get(2).getFileName().toString() : "test split";
        String description = o.description() != null ? o.description()
                : "Query-type classifier (" + best.candidate().name() + ") trained on " + splits.description()
                        + " with seed " + o.seed();
        return new ModelMetadata(
                o.version(),
                description,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Metrics.round(test.overall().accuracy()),
                Metrics.round(test.overall().macroF1()),
                test.overall().f1ByLabel(),
                perLanguage,
                testName + " (" + test.overall().rows() + " rows)",
                ModelBundle.LABELS,
                Feature.SET_VERSION,
                FeatureEncoder.VERSION,
                best.candidate().spec(),
                checksum,
                splits.files().stream().map(p -> p.getFileName().toString()).toList(),
                ModelBundle.DEFAULT_MODEL_FILE,
                "", // filled in by ModelBundleWriter.write once the file exists
                ModelBundle.MODEL_FORMAT,
                best.candidate().name() + ": " + best.candidate().algorithm(),
                best.candidate().describe(o.seed()),
                Tribuo.VERSION,
                o.seed(),
                Licenses.count(splits.train(), splits.dev()),
                calibrated.choice().calibration(),
                perLanguage(calibrated.handwritten()));
    }

    /** Whether a scored row is a hand-written everyday row. */
    static boolean everyday(Evaluation.Scored s) {
        return EVERYDAY.equals(s.row().query().source());
    }

    /**
     * The chosen model's calibration: the choice (fitted on dev), the calibrated test results (all rows, the
     * hand-written rows, the derived rows), the raw and calibrated samples of both test parts, and the fallback
     * threshold derived from the dev rows.
     */
    record Calibrated(Calibrator.Choice choice, TrainedClassifier classifier, Evaluation.Result test,
                      Evaluation.Result handwritten, Evaluation.Result derived, Evaluation.Result rawHandwritten,
                      Evaluation.Result rawDerived, Evaluation.Result devCalibrated, String thresholdRows,
                      double threshold, String refused) {

        String describe() {
            Calibration c = choice.calibration();
            return (c.method().equals(Calibration.VECTOR) ? "scale " + c.scale() + ", bias " + c.bias()
                    : "T = " + c.temperature() + (c.languageTemperatures() == null ? ""
                    : ", per language " + new java.util.TreeMap<>(c.languageTemperatures())))
                    + String.format(Locale.ROOT,
                    " (2-fold CV ECE on dev: uncalibrated %.4f, temperature %.4f, vector %.4f; per language, weighted"
                            + " by rows: one temperature %.4f, a temperature per language %.4f)",
                    choice.uncalibratedEce(), choice.temperatureCvEce(), choice.vectorCvEce(),
                    choice.pooledLanguageCvEce(), choice.languageCvEce())
                    + (refused == null ? "" : "; " + refused);
        }

        List<ReliabilityChart.Panel> panels() {
            return List.of(
                    new ReliabilityChart.Panel("hand-written test split (" + handwritten.overall().rows() + " rows)",
                            Calibrator.samples(rawHandwritten), Calibrator.samples(handwritten)),
                    new ReliabilityChart.Panel("derived test split (" + derived.overall().rows() + " rows)",
                            Calibrator.samples(rawDerived), Calibrator.samples(derived)));
        }
    }

    static Calibrated calibrate(Trained best, DataFiles.Splits splits, List<Evaluation.Row> dev,
                                List<Evaluation.Row> test, QueryAnalyzer analyzer) {
        String devName = splits.files().size() == 3 ? splits.files().get(1).getFileName().toString() : "dev split";
        // fitted on what users type: the hand-written rows of dev when there are any (the derived rows, which the
        // model gets right with near certainty, would pull the temperature towards 1), else all of dev
        Evaluation.Result rawDevEveryday = best.dev().where(Train::everyday);
        boolean fitEveryday = rawDevEveryday.overall().rows() >= 100;
        Evaluation.Result fitOn = fitEveryday ? rawDevEveryday : best.dev();
        String fittedOn = (fitEveryday ? "the hand-written rows of " : "") + devName + " (" + fitOn.overall().rows()
                + " rows)";
        List<Calibrator.Sample> fitSamples = Calibrator.samples(fitOn);
        Calibrator.Choice choice = Calibrator.choose(fitSamples, fittedOn, true);
        TrainedClassifier calibrated = best.classifier().withCalibration(choice.calibration());
        // vector scaling can change an answer (a temperature cannot): it must not undo the SPEC examples that made
        // the candidate eligible
        String refused = null;
        String miss = choice.calibration().method().equals(Calibration.VECTOR) ? specMiss(calibrated, analyzer) : null;
        if (miss != null) {
            refused = "vector scaling refused: it answers a SPEC example otherwise (" + miss + ")";
            choice = Calibrator.choose(fitSamples, fittedOn, false);
            calibrated = best.classifier().withCalibration(choice.calibration());
        }
        Evaluation.Result testResult = Evaluation.evaluate(calibrated, test);
        Evaluation.Result devResult = Evaluation.evaluate(calibrated, dev);
        Evaluation.Result devEveryday = devResult.where(Train::everyday);
        boolean hasEveryday = devEveryday.overall().rows() > 0;
        Evaluation.Result basis = hasEveryday ? devEveryday : devResult;
        double threshold = Calibrator.fallbackThreshold(Calibrator.samples(basis), FALLBACK_ACCURACY);
        return new Calibrated(choice, calibrated, testResult, testResult.where(Train::everyday),
                testResult.where(s -> !everyday(s)), best.test().where(Train::everyday),
                best.test().where(s -> !everyday(s)), devResult,
                (hasEveryday ? "the hand-written rows of " : "") + devName + " (" + basis.overall().rows() + " rows)",
                threshold, refused);
    }

    /** "met" or what fails, per language. */
    static String qualityBar(Evaluation.Result result) {
        List<String> failing = new ArrayList<>();
        result.perLanguage().forEach((lang, m) -> {
            if (m.macroF1() < QUALITY_BAR) {
                failing.add(lang + " " + Report.f4(m.macroF1()));
            }
        });
        return failing.isEmpty() ? "met" : "**NOT met** (" + String.join(", ", failing) + ")";
    }

    private static String report(Options o, DataFiles.Splits splits, String checksum, Trained best,
                                 Calibrated calibrated, List<Report.Line> lines, List<String> languages,
                                 ModelMetadata written, long modelBytes) {
        Evaluation.Result chosen = calibrated.test();
        Report.Line rules = lines.get(lines.size() - 1);
        StringBuilder sb = new StringBuilder();
        sb.append("# Query-type model: training report\n\n");
        sb.append("- data: ").append(splits.description()).append(": train ").append(splits.train().size())
                .append(", dev ").append(splits.dev().size()).append(", test ").append(splits.test().size())
                .append(" rows; training-data sha256 `").append(checksum).append("`\n");
        sb.append("- licences of the rows the model was fitted on (train + dev): ")
                .append(written.trainingLicenses()).append(o.includeNoncommercial()
                        ? " (--include-noncommercial: non-commercial rows included)"
                        : " (commercial-use licences only; the test split keeps every row for reporting)").append('\n');
        sb.append("- seed ").append(o.seed()).append("; the model is the candidate with the best dev macro-F1 among the eligible ones (")
                .append(String.join(", ", o.eligible())).append("); every other figure is on the **test** split (")
                .append(written.evaluatedOn()).append(")\n");
        sb.append("- chosen: **").append(best.candidate().name()).append("** (").append(best.candidate().algorithm())
                .append("), version ").append(written.version()).append(", ").append(written.modelFile()).append(" ")
                .append(Report.size(modelBytes)).append(", sha256 `").append(written.modelSha256()).append("`\n");
        sb.append("- calibration: ").append(calibrated.choice().calibration().method()).append(", ")
                .append(calibrated.describe()).append("; fitted on ")
                .append(calibrated.choice().calibration().fittedOn()).append('\n');
        sb.append("- encoder ").append(FeatureEncoder.VERSION).append(" ").append(best.candidate().spec())
                .append(", feature set ").append(Feature.SET_VERSION).append(", Tribuo ").append(Tribuo.VERSION).append('\n');
        sb.append("- times: analysis + classification per query over the whole test split, one thread, after warm-up; "
                + "\"model\" is the classification alone\n");
        sb.append("- quality bar on the whole test split (macro-F1 >= 0.95 in each language): ").append(qualityBar(chosen))
                .append("; rule-based baseline macro-F1 ").append(Report.f4(rules.result().overall().macroF1()))
                .append(" vs chosen ").append(Report.f4(chosen.overall().macroF1())).append('\n');
        if (calibrated.handwritten().overall().rows() > 0) {
            Evaluation.Result rulesHandwritten = rules.result().where(Train::everyday);
            sb.append("- quality bars on the hand-written test split (docs/MODEL.md, issue 15): ")
                    .append(handwrittenBars(calibrated.handwritten(), rulesHandwritten)).append('\n');
            Evaluation.Result firstBatch = calibrated.handwritten().where(Train::firstBatch);
            if (firstBatch.overall().rows() > 0
                    && firstBatch.overall().rows() < calibrated.handwritten().overall().rows()) {
                sb.append("- the same bars on its first batch (").append(firstBatch.overall().rows())
                        .append(" rows of the everyday files of 2026-12-06, the rows of every figure before model 1.4.0;"
                                + " later files are split on their own): ")
                        .append(handwrittenBars(firstBatch, rulesHandwritten.where(Train::firstBatch))).append('\n');
            }
        }
        sb.append('\n');

        List<String> handwrittenLanguages = languages(calibrated.handwritten().scored().stream()
                .map(Evaluation.Scored::row).toList());
        if (calibrated.handwritten().overall().rows() > 0) {
            sb.append("## Hand-written test split (the `everyday` rows of the test split)\n\n");
            sb.append("Metrics of the chosen model with its calibration; of the other candidates uncalibrated "
                    + "(a temperature never changes a prediction; vector scaling can).\n\n");
            List<Report.Line> part = part(lines, best, calibrated.test(), Train::everyday);
            sb.append(Report.candidateTables(part, handwrittenLanguages)).append('\n');
            sb.append(Report.confusionMatrices(List.of(part.get(indexOf(lines, best)), part.get(part.size() - 1))));
            sb.append("### Per domain (chosen model and rules)\n\n");
            sb.append(Report.perDomain(calibrated.handwritten(), rules.result().where(Train::everyday)))
                    .append('\n');
            sb.append("### Keyword <-> semantic confusions of the chosen model (hand-written test split)\n\n");
            sb.append(Report.keywordSemanticConfusions(calibrated.handwritten())).append('\n');
            sb.append("## Derived test split (every other row of the test split)\n\n");
            List<Report.Line> derived = part(lines, best, calibrated.test(), s -> !everyday(s));
            sb.append(Report.candidateTables(derived, languages)).append('\n');
        }
        sb.append("## Calibration\n\n");
        sb.append(calibrationTable(calibrated)).append('\n');
        sb.append("## ModelCandidates (whole test split)\n\n");
        sb.append(Report.candidateTables(part(lines, best, calibrated.test(), x -> true), languages)).append('\n');
        sb.append("## Confusion matrices (whole test split)\n\n");
        sb.append(Report.confusionMatrices(part(lines, best, calibrated.test(), x -> true)));
        sb.append("## Chosen model per source (test split)\n\n");
        sb.append(Report.perSource(chosen)).append('\n');
        sb.append("## Keyword <-> semantic confusions of the chosen model (whole test split)\n\n");
        sb.append(Report.keywordSemanticConfusions(chosen));
        return sb.toString();
    }

    private static int indexOf(List<Report.Line> lines, Trained best) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).name().equals(best.candidate().name())) {
                return i;
            }
        }
        throw new IllegalStateException("chosen candidate not in the report lines");
    }

    /** The lines restricted to some rows; the chosen candidate's line with its calibrated results. */
    private static List<Report.Line> part(List<Report.Line> lines, Trained best, Evaluation.Result calibratedTest,
                                          java.util.function.Predicate<Evaluation.Scored> rows) {
        List<Report.Line> out = new ArrayList<>();
        for (Report.Line l : lines) {
            Evaluation.Result r = l.name().equals(best.candidate().name()) ? calibratedTest : l.result();
            out.add(new Report.Line(l.name(), l.algorithm(), l.devMacroF1(), l.devModelMicros(), l.selection(),
                    r.where(rows), l.timing(), l.modelBytes(), l.trainSeconds()));
        }
        return out;
    }

    /** Keyword-for-semantic plus semantic-for-keyword answers, as a share of the rows. */
    static double keywordSemanticRate(Metrics m) {
        long[][] c = m.confusion();
        int k = io.qtp.classify.QueryType.KEYWORD.ordinal();
        int s = io.qtp.classify.QueryType.SEMANTIC.ordinal();
        return m.rows() == 0 ? 0 : (double) (c[k][s] + c[s][k]) / m.rows();
    }

    /** True for an everyday row of the first split batch ({@link EverydayBatch}). */
    static boolean firstBatch(Evaluation.Scored s) {
        String group = s.row().query().group();
        return everyday(s) && group != null && EverydayBatch.FIRST.equals(EverydayBatch.of(group));
    }

    /** Issue 15's bars on (a part of) the hand-written test split, per language. */
    private static String handwrittenBars(Evaluation.Result handwritten, Evaluation.Result rules) {
        List<String> parts = new ArrayList<>();
        handwritten.perLanguage().forEach((lang, m) -> {
            Metrics r = rules.perLanguage().get(lang);
            double ece = Calibrator.figures(Calibrator.samples(handwritten.where(x -> x.row().language().equals(lang))))
                    .ece();
            double rate = keywordSemanticRate(m);
            parts.add(String.format(Locale.ROOT, "%s: macro-F1 %.4f (>= 0.95 %s), keyword<->semantic %.2f %% (< 1 %% %s), "
                            + "vs rules %+.4f (>= 0.10 %s), ECE %.4f (<= 0.03 %s)", lang, m.macroF1(),
                    m.macroF1() >= QUALITY_BAR ? "met" : "**NOT met**", 100 * rate, rate < 0.01 ? "met" : "**NOT met**",
                    m.macroF1() - r.macroF1(), m.macroF1() - r.macroF1() >= 0.10 ? "met" : "**NOT met**", ece,
                    ece <= 0.03 ? "met" : "**NOT met**"));
        });
        return String.join("; ", parts);
    }

    /** ECE, Brier and confident errors before and after calibration, per test part and language; the threshold. */
    private static String calibrationTable(Calibrated c) {
        StringBuilder sb = new StringBuilder();
        sb.append("ECE: ").append(Calibrator.BINS).append(" equal-width bins on the confidence (probability of the "
                + "predicted type); Brier: mean over rows of the sum over the three types of (p - y)^2 (0 to 2); "
                + "wrong >= 0.95: wrong answers given with confidence >= 0.95, share of all wrong answers.\n\n");
        sb.append("| test rows | language | rows | accuracy | ECE before | ECE after | Brier before | Brier after "
                + "| wrong | wrong >= 0.95 before | wrong >= 0.95 after |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Object[]> parts = List.of(new Object[] {"hand-written", c.rawHandwritten(), c.handwritten()},
                new Object[] {"derived", c.rawDerived(), c.derived()});
        for (Object[] part : parts) {
            Evaluation.Result raw = (Evaluation.Result) part[1];
            Evaluation.Result cal = (Evaluation.Result) part[2];
            if (cal.overall().rows() == 0) {
                continue;
            }
            List<String> langs = new ArrayList<>(languages(cal.scored().stream().map(Evaluation.Scored::row).toList()));
            langs.add("all");
            for (String lang : langs) {
                java.util.function.Predicate<Evaluation.Scored> f = x -> lang.equals("all") || x.row().language().equals(lang);
                Calibrator.Figures before = Calibrator.figures(Calibrator.samples(raw.where(f)));
                Calibrator.Figures after = Calibrator.figures(Calibrator.samples(cal.where(f)));
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %d | %d (%.1f %%) | %d (%.1f %%) |%n",
                        part[0], lang, after.rows(), after.accuracy(), before.ece(), after.ece(), before.brier(),
                        after.brier(), after.wrong(), before.wrongConfident(), 100 * before.wrongConfidentShare(),
                        after.wrongConfident(), 100 * after.wrongConfidentShare()));
            }
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "Recommended fallback threshold: **%.2f**. Below this confidence a caller "
                + "should use the hybrid strategy: it is the centre of the highest 0.1-wide confidence window whose "
                + "accuracy falls under %.2f on %s, calibrated.%n%n", c.threshold(), FALLBACK_ACCURACY, c.thresholdRows()));
        sb.append("| rows | language | below: rows | below: accuracy | at or above: rows | at or above: accuracy |\n"
                + "|---|---|---:|---:|---:|---:|\n");
        List<Object[]> sets = List.of(new Object[] {"dev, hand-written", c.devCalibrated().where(Train::everyday)},
                new Object[] {"test, hand-written", c.handwritten()}, new Object[] {"test, derived", c.derived()});
        for (Object[] set : sets) {
            Evaluation.Result r = (Evaluation.Result) set[0 + 1];
            if (r.overall().rows() == 0) {
                continue;
            }
            List<String> langs = new ArrayList<>(languages(r.scored().stream().map(Evaluation.Scored::row).toList()));
            langs.add("all");
            for (String lang : langs) {
                Calibrator.Split sp = Calibrator.split(Calibrator.samples(
                        r.where(x -> lang.equals("all") || x.row().language().equals(lang))), c.threshold());
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f | %d | %.4f |%n", set[0], lang, sp.below(),
                        sp.accuracyBelow(), sp.above(), sp.accuracyAbove()));
            }
        }
        return sb.toString();
    }
}
