package io.qtp.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.qtp.classify.trained.ModelBundle;
import io.qtp.cli.ToolRun;
import io.qtp.classify.trained.ModelMetadata;

/** The train command on a few hundred rows: output layout, report, and repeatability with one seed. */
class TrainCommandTest {

    @TempDir
    static Path tmp;

    private static Path data;
    private static Run first;
    private static Run second;
    private static Run noncommercial;

    record Run(int exit, String out, String err, Path dir) {
    }

    @BeforeAll
    static void trainTwice() throws Exception {
        data = SmallData.writeTo(tmp.resolve("data"));
        first = train(tmp.resolve("a"), "--candidates", "linear,liblinear-c1,cart");
        second = train(tmp.resolve("b"), "--candidates", "linear,liblinear-c1,cart");
        noncommercial = train(tmp.resolve("c"), "--candidates", "linear", "--include-noncommercial", "--chart",
                tmp.resolve("c/reliability.png").toString());
    }

    static Run train(Path out, String... extra) {
        String[] base = {"--data", data.toString(), "--out", out.toString(), "--seed", "7", "--version", "0.0.1-test"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        ToolRun run = ToolRun.run(new Train(), args);
        return new Run(run.exit(), run.out(), run.err(), out);
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
        assertThat(m.trainer()).containsAnyOf("LinearSGDTrainer", "LibLinearTrainer", "CARTClassificationTrainer")
                .doesNotContain("@");
        // the checksum is that of the three files concatenated in that order
        DataFiles.Splits splits = DataFiles.load(data, 7);
        assertThat(m.trainingDataChecksum()).isEqualTo(splits.checksum());

        String report = Files.readString(first.dir().resolve(Train.REPORT_FILE));
        assertThat(first.out()).isEqualTo(report);
        assertThat(report)
                .contains("| candidate | algorithm | selection | dev macro-F1 |")
                .contains("| linear |").contains("| liblinear-c1 |").contains("| cart |").contains("| rules (baseline) |")
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

    /**
     * By default the model is fitted only on rows whose licence allows commercial use (the SciFact rows of the
     * small data are CC-BY-NC-2.0): metadata.json lists the licences and their rows, train + dev, and no NC one.
     * --include-noncommercial fits on every row and lists the NC licence too. The test split is reported whole.
     */
    @Test
    void trainsOnCommercialLicencesUnlessToldOtherwise() throws Exception {
        DataFiles.Splits all = DataFiles.load(data, 7);
        long nc = java.util.stream.Stream.concat(all.train().stream(), all.dev().stream())
                .filter(r -> !Licenses.allowsCommercialUse(r.license())).count();
        assertThat(nc).as("the small data must hold non-commercial rows for this test").isPositive();

        ModelMetadata m = ModelBundle.load(first.dir().resolve("current")).metadata();
        assertThat(m.trainingLicenses()).isEqualTo(Licenses.count(Licenses.commercial(all.train()),
                Licenses.commercial(all.dev())));
        assertThat(m.trainingLicenses().keySet()).noneMatch(l -> l.contains("NC")).contains("CC0-1.0", "CC-BY-SA-4.0");
        assertThat(m.perLanguage().get("en").rows() + m.perLanguage().get("ja").rows()).isEqualTo(all.test().size());
        assertThat(first.out()).contains("commercial-use licences only");
        assertThat(first.err()).contains("left out: {CC-BY-NC-2.0=" + nc + "}");

        assertThat(noncommercial.exit()).as(noncommercial.err()).isZero();
        ModelMetadata n = ModelBundle.load(noncommercial.dir().resolve("current")).metadata();
        assertThat(n.trainingLicenses()).isEqualTo(Licenses.count(all.train(), all.dev()))
                .containsEntry("CC-BY-NC-2.0", nc);
        assertThat(noncommercial.out()).contains("--include-noncommercial");
    }

    @Test
    void fitsAndReportsTheCalibrationAndDrawsTheReliabilityDiagram() throws Exception {
        ModelMetadata m = ModelBundle.load(first.dir().resolve("current")).metadata();
        assertThat(m.calibration().problem()).isNull();
        assertThat(m.calibration().method()).isIn("temperature", "vector", "none");
        assertThat(m.calibration().fittedOn()).contains("dev.jsonl");
        assertThat(m.handwrittenTest()).containsKeys("ja", "en");
        assertThat(first.out()).contains("## Hand-written test split", "## Derived test split", "## Calibration",
                "ECE before", "Brier after", "wrong >= 0.95 before", "Recommended fallback threshold",
                "### Per domain", "quality bars on the hand-written test split");
        // the small test split takes rows of the committed dev split, which has rows of a later everyday file (en-j,
        // en-k, en-l): the bars are given again on the first batch alone
        assertThat(first.out()).containsPattern("the same bars on its first batch \\(\\d+ rows of the everyday files");
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(tmp.resolve("c/reliability.png").toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isGreaterThan(png.getHeight()); // two panels side by side
        assertThat(Files.exists(first.dir().resolve("reliability.png"))).isFalse(); // only with --chart
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
            if (line.startsWith("| linear |") || line.startsWith("| liblinear-") || line.startsWith("| cart |")
                    || line.startsWith("| rules")) {
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
