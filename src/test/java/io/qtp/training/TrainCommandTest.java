package io.qtp.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.qtp.classify.trained.ModelBundle;
import io.qtp.classify.trained.ModelMetadata;

/** The train command on a few hundred rows: output layout, report, and repeatability with one seed. */
class TrainCommandTest {

    @TempDir
    static Path tmp;

    private static Path data;
    private static Run first;
    private static Run second;

    record Run(int exit, String out, String err, Path dir) {
    }

    @BeforeAll
    static void trainTwice() throws Exception {
        data = SmallData.writeTo(tmp.resolve("data"));
        first = train(tmp.resolve("a"), "--candidates", "linear,cart");
        second = train(tmp.resolve("b"), "--candidates", "linear,cart");
    }

    static Run train(Path out, String... extra) {
        String[] base = {"--data", data.toString(), "--out", out.toString(), "--seed", "7", "--version", "0.0.1-test"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        ByteArrayOutputStream out1 = new ByteArrayOutputStream();
        ByteArrayOutputStream err1 = new ByteArrayOutputStream();
        int exit = Train.run(args, new PrintStream(out1, true, StandardCharsets.UTF_8),
                new PrintStream(err1, true, StandardCharsets.UTF_8));
        return new Run(exit, out1.toString(StandardCharsets.UTF_8), err1.toString(StandardCharsets.UTF_8), out);
    }

    @Test
    void writesAVerifiedModelDirectoryAndTheReport() throws Exception {
        assertThat(first.exit()).as(first.err()).isZero();
        Path current = first.dir().resolve("current");
        ModelBundle bundle = ModelBundle.load(current);
        ModelMetadata m = bundle.metadata();
        assertThat(m.version()).isEqualTo("0.0.1-test");
        assertThat(m.seed()).isEqualTo(7L);
        assertThat(m.trainingDataFiles()).containsExactly("train.jsonl", "dev.jsonl", "test.jsonl");
        assertThat(m.perLanguage()).containsKeys("ja", "en");
        assertThat(m.trainer()).contains("LinearSGDTrainer").doesNotContain("@");
        // the checksum is that of the three files concatenated in that order
        DataFiles.Splits splits = DataFiles.load(data, 7);
        assertThat(m.trainingDataChecksum()).isEqualTo(splits.checksum());

        String report = Files.readString(first.dir().resolve(Train.REPORT_FILE));
        assertThat(first.out()).isEqualTo(report);
        assertThat(report)
                .contains("| candidate | algorithm | selection | dev macro-F1 |")
                .contains("| linear |").contains("| cart |").contains("| rules (baseline) |")
                .contains("ja macro-F1").contains("en macro-F1").contains("p99 µs/query").contains("model file")
                .contains("F1 keyword").contains("F1 semantic").contains("F1 hybrid")
                .contains("rows: true type, columns: predicted")
                .contains("Keyword <-> semantic confusions");
        assertThat(first.err()).contains("[train] training linear").contains("[train] evaluating cart")
                .contains("chosen on dev macro-F1");
    }

    @Test
    void sameDataAndSeedGiveTheSameMetricsAndTheSameModelBytes() throws Exception {
        assertThat(second.exit()).as(second.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        ObjectNode a = (ObjectNode) json.readTree(first.dir().resolve("current/metadata.json").toFile());
        ObjectNode b = (ObjectNode) json.readTree(second.dir().resolve("current/metadata.json").toFile());
        a.remove("createdAt");
        b.remove("createdAt");
        assertThat(b).isEqualTo(a); // metrics, checksums, model sha256
        assertThat(Files.readAllBytes(second.dir().resolve("current/model.tribuo.gz")))
                .isEqualTo(Files.readAllBytes(first.dir().resolve("current/model.tribuo.gz")));
        assertThat(withoutTimes(second.out())).isEqualTo(withoutTimes(first.out()));
    }

    @Test
    void usageErrorsExitWithTwo() {
        Run missing = train(tmp.resolve("u"), "--candidates", "nope");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("unknown candidate 'nope'").contains("usage: train");
    }

    /** The report without the columns that are measured times. */
    private static String withoutTimes(String report) {
        StringBuilder sb = new StringBuilder();
        for (String line : report.split("\n")) {
            if (line.startsWith("| linear |") || line.startsWith("| cart |") || line.startsWith("| rules")) {
                String[] cells = line.split("\\|");
                // keep the columns up to the per-language figures; drop dev model µs and the timing columns
                StringBuilder kept = new StringBuilder();
                for (int i = 0; i < cells.length; i++) {
                    if (i != 5 && i < cells.length - 5) {
                        kept.append(cells[i]).append('|');
                    }
                }
                sb.append(kept).append('\n');
            } else {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
