package io.qtp;

import java.io.PrintStream;
import java.util.Arrays;

import io.qtp.dataset.DatasetBuilder;
import io.qtp.search.eval.ConvertSquad;
import io.qtp.search.eval.Ingest;
import io.qtp.search.eval.SearchBenchmark;
import io.qtp.search.eval.SearchEvaluation;
import io.qtp.training.Evaluate;
import io.qtp.training.Train;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the jar. With no arguments (or {@code serve}) it runs the HTTP service; other first arguments
 * name command-line tools, which run without starting the service.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        // The command-line tools log through JBoss Logging too; like the service, use its log manager.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        String command = args.length == 0 ? "serve" : args[0];
        switch (command) {
            case "serve" -> Quarkus.run();
            case "train" -> System.exit(Train.run(rest(args)));
            case "evaluate" -> System.exit(Evaluate.run(rest(args)));
            case "build-dataset" -> System.exit(DatasetBuilder.run(rest(args)));
            case "ingest" -> System.exit(Ingest.run(rest(args)));
            case "evaluate-search" -> System.exit(SearchEvaluation.evaluate(rest(args)));
            case "fit-weights" -> System.exit(SearchEvaluation.fit(rest(args)));
            case "fit-fusion" -> System.exit(SearchEvaluation.fitFusion(rest(args)));
            case "convert-squad" -> System.exit(ConvertSquad.run(rest(args)));
            case "bench-search" -> System.exit(SearchBenchmark.run(rest(args)));
            case "export-clicks" -> System.exit(io.qtp.training.ClickJudgements.run(rest(args)));
            case "help", "-h", "--help" -> usage(System.out);
            default -> {
                System.err.println("unknown command: " + command);
                usage(System.err);
                System.exit(2);
            }
        }
    }

    private static String[] rest(String[] args) {
        return Arrays.copyOfRange(args, 1, args.length);
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: java -jar query-type-predictor.jar [command]

                commands:
                  serve          run the HTTP service (the default); configured by environment variables, see README
                  train          train candidate models on labelled data and write the best to a model directory
                  evaluate       evaluate a model directory on a labelled file
                  build-dataset  regenerate data/query-types from JSQuAD and BEIR SciFact (see data/query-types/README.md)
                  ingest           load a BEIR corpus.jsonl into the search store (docs/SEARCH.md)
                  evaluate-search  nDCG@10 / Recall@100 of every search strategy on a BEIR directory
                  fit-weights      learn the strategy and weights per query type from a BEIR split
                  fit-fusion       learn the per-query fusion model from BEIR splits (docs/SEARCH.md)
                  convert-squad    turn SQuAD-format data (JSQuAD) into a BEIR directory
                  bench-search     ingest rate and search latency at 100,000 documents (scripts/bench/search.sh)
                  export-clicks    clicks on search results as BEIR judgements for fit-weights/fit-fusion (docs/FEEDBACK.md)
                  help           this text
                """);
    }
}
