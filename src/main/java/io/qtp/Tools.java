package io.qtp;

import io.qtp.cli.CommandRunner;
import io.qtp.cli.ToolSettings;
import io.qtp.dataset.BuildDataset;
import io.qtp.search.eval.ConvertSquad;
import io.qtp.search.eval.Ingest;
import io.qtp.search.eval.Reembed;
import io.qtp.search.eval.SearchBenchmark;
import io.qtp.search.eval.SearchEvaluation;
import io.qtp.training.ClickJudgements;
import io.qtp.training.Evaluate;
import io.qtp.training.Train;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The jar's commands (picocli): each is a {@code @Command} class next to the code it runs. {@link Main} comes here
 * for everything but the plain service start, so that serving never loads picocli.
 */
@Command(name = "java -jar query-type-predictor.jar",
        description = "Predicts the type of search queries over HTTP (serve, the default), and the command-line tools"
                + " around it. Options read the service's environment variables where they name the same thing"
                + " (DATABASE_URL, EMBEDDINGS_*; README, \"Configuration\").",
        subcommands = {Tools.Serve.class, Train.class, Evaluate.class, BuildDataset.class, Ingest.class, Reembed.class,
                SearchEvaluation.EvaluateSearch.class, SearchEvaluation.FitWeights.class,
                SearchEvaluation.FitFusionCommand.class, ConvertSquad.class, SearchBenchmark.class,
                ClickJudgements.class, HelpCommand.class},
        synopsisSubcommandLabel = "[COMMAND]",
        footer = {"", "`java -jar query-type-predictor.jar COMMAND --help` describes a command."})
public final class Tools implements Runnable {

    /** {@code serve}: the HTTP service, configured by environment variables (README). */
    @Command(name = "serve", description = "Runs the HTTP service (the default); configured by environment variables,"
            + " see README.")
    static final class Serve implements Runnable {
        @Override
        public void run() {
            Quarkus.run();
        }
    }

    /** Runs the command named by {@code args}; returns the exit code. */
    static int execute(String... args) {
        return CommandRunner.execute(new Tools(), ToolSettings.system(), System.out, System.err, args);
    }

    /** With no command: the service, as {@code serve}. */
    @Override
    public void run() {
        Quarkus.run();
    }
}
