package io.qtp.classify.trained;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.Feature;
import io.qtp.training.ModelCandidates;
import io.qtp.training.DataFiles;
import io.qtp.training.LabelledQuery;
import io.qtp.training.ModelBundleWriter;

/**
 * A small linear model trained once per test run on every 40th row of {@code train.jsonl} (about 300 rows, under
 * a second), for the tests that need a real model but not a good one.
 */
public final class TinyModel {

    private TinyModel() {
    }

    private static final class Holder {
        static final Model<Label> MODEL = train();
    }

    /** The training rows: every 40th row of the committed training split. */
    public static List<LabelledQuery> rows() {
        try {
            List<LabelledQuery> all = DataFiles.read(Path.of("data/query-types/train.jsonl"));
            List<LabelledQuery> some = new ArrayList<>();
            for (int i = 0; i < all.size(); i += 40) {
                some.add(all.get(i));
            }
            return some;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FeatureEncoder encoder() {
        return new FeatureEncoder(FeatureEncoder.Spec.defaults());
    }

    private static Model<Label> train() {
        FeatureEncoder encoder = encoder();
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("tiny", factory), factory);
        for (LabelledQuery q : rows()) {
            ds.add(encoder.encode(Analyzers.analyze(q.query()), new Label(q.type().label())));
        }
        return ModelCandidates.byNames(List.of("linear")).get(0).trainer(42).train(ds);
    }

    public static Model<Label> model() {
        return Holder.MODEL;
    }

    public static TrainedClassifier classifier() {
        return new TrainedClassifier(model(), encoder(), "tiny-1");
    }

    /** Metadata for the tiny model (every field set; the checksum is filled in by the writer). */
    public static ModelMetadata metadata() {
        return new ModelMetadata("tiny-1", "tiny test model", Instant.EPOCH.toString(), 0.5, 0.5,
                Map.of("keyword", 0.5, "semantic", 0.5, "hybrid", 0.5),
                Map.of("ja", new ModelMetadata.LanguageMetrics(1, 0.5, 0.5, Map.of())),
                "nothing", ModelBundle.LABELS, Feature.SET_VERSION, FeatureEncoder.VERSION,
                FeatureEncoder.Spec.defaults(), "0".repeat(64), List.of("train.jsonl"), ModelBundle.DEFAULT_MODEL_FILE,
                "", ModelBundle.MODEL_FORMAT, "linear", "LinearSGDTrainer", "4.3.2", 42L, Map.of("CC0-1.0", 12L),
                Calibration.NONE, Map.of());
    }

    /** Writes the tiny model as a model directory. */
    public static ModelMetadata writeTo(Path dir) throws IOException {
        return ModelBundleWriter.write(dir, model(), metadata());
    }
}
