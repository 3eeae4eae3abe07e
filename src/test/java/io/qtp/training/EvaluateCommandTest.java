package io.qtp.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.qtp.classify.trained.ModelBundle;
import io.qtp.cli.ToolRun;

/** The evaluate command on the bundled model and a small labelled file. */
class EvaluateCommandTest {

    @TempDir
    static Path tmp;

    private static Path model;
    private static Path jsonl;

    @BeforeAll
    static void copyTheBundledModelAndSomeRows() throws Exception {
        model = tmp.resolve("model");
        Path current = Files.createDirectories(model.resolve("current"));
        String modelFile = ModelBundle.loadFromClasspath("model/current").metadata().modelFile();
        for (String name : List.of(ModelBundle.METADATA_FILE, modelFile)) {
            try (InputStream in = EvaluateCommandTest.class.getClassLoader().getResourceAsStream("model/current/" + name)) {
                Files.copy(in, current.resolve(name));
            }
        }
        List<String> dev = Files.readAllLines(Path.of("data/query-types/dev.jsonl"));
        List<String> some = new ArrayList<>();
        for (int i = 0; i < dev.size(); i += 30) {
            some.add(dev.get(i));
        }
        jsonl = tmp.resolve("some.jsonl");
        Files.write(jsonl, some, StandardCharsets.UTF_8);
    }

    static ToolRun evaluate(String... args) {
        return ToolRun.run(new Evaluate(), args);
    }

    @Test
    void printsTheMetricsTableForTheModelAndTheRules() {
        ToolRun run = evaluate("--model", model.toString(), "--data", jsonl.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("| candidate | algorithm | accuracy | macro-F1 | F1 keyword | F1 semantic | F1 hybrid |")
                .contains("| model ").contains("| rules (baseline) |")
                .contains("ja accuracy").contains("en macro-F1").contains("p99 µs/query")
                .contains("rows: true type, columns: predicted")
                .contains("## Model per source");
        assertThat(run.err()).contains("[evaluate] loading and verifying the model");
    }

    @Test
    void readsCsvToo() throws IOException {
        Path csv = tmp.resolve("some.csv");
        Files.writeString(csv, """
                query,type,language
                PostgreSQL ベクトル検索 インデックス,keyword,ja
                "What are the best practices for implementing vector search in PostgreSQL?",semantic,en
                ニューラルネットワーク 学習方法 最適化,hybrid,ja
                machine learning algorithm comparison for image recognition,hybrid,en
                """, StandardCharsets.UTF_8);
        ToolRun run = evaluate("--model", model.resolve("current").toString(), "--data", csv.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("4 rows").contains("| model ");
    }

    @Test
    void refusesAnInvalidModelWithExitOne() throws IOException {
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve(ModelBundle.METADATA_FILE), "not json");
        ToolRun run = evaluate("--model", broken.toString(), "--data", jsonl.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("not valid metadata JSON");
    }

    @Test
    void missingOptionsAreAUsageError() {
        ToolRun run = evaluate("--model", model.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("evaluate: Missing required option: '--data=FILE|DIR'").contains("usage: evaluate");
    }
}
