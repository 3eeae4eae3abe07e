package io.qtp.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.qtp.analysis.QueryAnalyzer;
import io.qtp.classify.RuleBasedScorer;
import io.qtp.classify.trained.InvalidModelException;
import io.qtp.classify.trained.ModelBundle;
import io.qtp.classify.trained.ModelMetadata;
import io.qtp.cli.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code evaluate} command (docs/MODEL.md): loads a model directory through {@link ModelBundle#load} (so a
 * model that would be refused by the service is refused here too), classifies a labelled file and prints, as
 * markdown, the same metrics as {@code train} for the model and for the rule-based baseline on that file.
 */
@Command(name = "evaluate", description = "Evaluates a model directory on a labelled file.")
public final class Evaluate extends Tool {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "a model directory, or one with current/")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE|DIR",
            description = "a labelled .jsonl/.csv file (query, type; optional language, source), or a directory: its test.jsonl")
    Path data;

    @Override
    public Integer call() throws IOException, InvalidModelException {
        return evaluate(model, data, out, err);
    }

    /** The directory to load: {@code dir} itself when it has metadata.json, else {@code dir/current}. */
    static Path modelDirectory(Path dir) {
        if (!Files.exists(dir.resolve(ModelBundle.METADATA_FILE)) && Files.isDirectory(dir.resolve(Train.CURRENT))) {
            return dir.resolve(Train.CURRENT);
        }
        return dir;
    }

    static int evaluate(Path model, Path data, PrintStream out, PrintStream err) throws IOException, InvalidModelException {
        try (Progress progress = new Progress(err, "evaluate")) {
            // The analyser first: it is the first to log, and that must happen before Tribuo touches java.util.logging,
            // or JBoss LogManager (on the classpath of the jar) complains that JUL was initialised before it.
            QueryAnalyzer analyzer = new QueryAnalyzer();
            Path dir = modelDirectory(model);
            ModelBundle bundle;
            try (Progress.Step s = progress.step("loading and verifying the model in " + dir)) {
                bundle = ModelBundle.load(dir);
                s.done("version " + bundle.metadata().version());
            }
            Path file = Files.isDirectory(data) ? data.resolve("test.jsonl") : data;
            List<LabelledQuery> rows;
            List<Evaluation.Row> analysed;
            try (Progress.Step s = progress.step("reading and analysing " + file)) {
                rows = DataFiles.read(file);
                if (rows.isEmpty()) {
                    throw new IOException(file + " has no rows");
                }
                analysed = Evaluation.analyse(analyzer, rows);
                s.done(rows.size() + " rows");
            }
            List<String> queries = rows.stream().map(LabelledQuery::query).toList();
            Report.Line modelLine;
            Report.Line rulesLine;
            try (Progress.Step s = progress.step("classifying")) {
                ModelMetadata m = bundle.metadata();
                modelLine = new Report.Line("model " + m.version(), m.algorithm(), null, null, null,
                        Evaluation.evaluate(bundle.classifier(), analysed),
                        Evaluation.time(analyzer, bundle.classifier(), queries),
                        Files.size(dir.resolve(m.modelFile())), null);
                RuleBasedScorer rules = new RuleBasedScorer();
                rulesLine = new Report.Line("rules (baseline)", "RuleBasedScorer " + RuleBasedScorer.VERSION, null,
                        null, null, Evaluation.evaluate(rules, analysed), Evaluation.time(analyzer, rules, queries),
                        null, null);
                s.done(String.format(java.util.Locale.ROOT, "model macro-F1 %.4f",
                        modelLine.result().overall().macroF1()));
            }
            List<Report.Line> lines = List.of(modelLine, rulesLine);
            StringBuilder sb = new StringBuilder();
            sb.append("# Query-type model: evaluation\n\n");
            sb.append("- model: ").append(dir).append(", version ").append(bundle.metadata().version()).append(" (")
                    .append(bundle.metadata().algorithm()).append("), ").append(bundle.metadata().modelFile())
                    .append(" sha256 `").append(bundle.metadata().modelSha256()).append("`\n");
            sb.append("- data: ").append(file).append(", ").append(rows.size()).append(" rows\n");
            sb.append("- times: analysis + classification per query, one thread, after warm-up; \"model\" is the classification alone\n\n");
            sb.append("## Metrics\n\n");
            sb.append(Report.candidateTables(lines, Train.languages(analysed))).append('\n');
            sb.append("## Confusion matrices\n\n");
            sb.append(Report.confusionMatrices(lines));
            if (!modelLine.result().perSource().isEmpty()) {
                sb.append("## Model per source\n\n");
                sb.append(Report.perSource(modelLine.result())).append('\n');
            }
            sb.append("## Keyword <-> semantic confusions of the model\n\n");
            sb.append(Report.keywordSemanticConfusions(modelLine.result()));
            out.print(sb);
            out.flush();
            return 0;
        }
    }
}
