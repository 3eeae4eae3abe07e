package io.qtp.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import io.qtp.cli.SeedOption;
import io.qtp.cli.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code build-dataset} command: runs {@link DatasetBuilder} (data/query-types/README.md). */
@Command(name = "build-dataset",
        description = "Regenerates data/query-types from JSQuAD, BEIR SciFact and the hand-written rows.")
public final class BuildDataset extends Tool {

    @Option(names = "--jsquad", required = true, paramLabel = "FILE",
            description = "JSQuAD (SQuAD format) JSON, e.g. ../shared/data/jsquad-v1.3/valid-v1.3.json")
    Path jsquad;

    @Option(names = "--scifact", required = true, paramLabel = "DIR",
            description = "BEIR SciFact directory with queries.jsonl and corpus.jsonl")
    Path scifact;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "output directory: train.jsonl, dev.jsonl, test.jsonl, stats.md")
    Path outDir;

    @Option(names = "--handwritten", paramLabel = "FILE", description = "hand-written rows (default: DIR/handwritten.tsv)")
    Path handwritten;

    @Option(names = "--everyday", paramLabel = "DIR",
            description = "the everyday rows, <lang>-<writer>.jsonl (default: DIR/everyday; skipped when absent):"
                    + " group-split on their own and merged with source \"everyday\"")
    Path everyday;

    @Mixin
    SeedOption seed;

    @Option(names = "--per-type", defaultValue = "3000", paramLabel = "N", description = "rows per language and type, at most")
    int perType;

    @Option(names = "--max-groups", paramLabel = "N", showDefaultValue = Visibility.NEVER,
            description = "read at most N originals per source (for tests; default all)")
    int maxGroups = Integer.MAX_VALUE;

    /** The options as the builder takes them; {@link IllegalArgumentException} when a count is not positive. */
    DatasetBuilder.Options options() {
        if (perType < 1 || maxGroups < 1) {
            throw new IllegalArgumentException("--per-type and --max-groups must be positive");
        }
        return new DatasetBuilder.Options(jsquad, scifact,
                handwritten == null ? outDir.resolve("handwritten.tsv") : handwritten,
                everyday == null ? outDir.resolve(Sources.EVERYDAY) : everyday, outDir, seed.seed(), perType, maxGroups);
    }

    @Override
    public Integer call() throws IOException {
        DatasetBuilder.Options o = options();
        long t0 = System.nanoTime();
        DatasetBuilder b = new DatasetBuilder(o, err);
        DatasetBuilder.Splits s = b.build();
        b.write(s);
        err.printf(Locale.ROOT, "build-dataset: done in %.1f s: %d train, %d dev, %d test rows in %s%n",
                (System.nanoTime() - t0) / 1e9, s.train().size(), s.dev().size(), s.test().size(), o.out());
        return 0;
    }
}
