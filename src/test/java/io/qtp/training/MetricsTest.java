package io.qtp.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import io.qtp.analysis.Analyzers;
import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;
import io.qtp.classify.trained.TinyModel;
import io.qtp.classify.trained.TrainedClassifier;

class MetricsTest {

    /** The confusion-matrix figures equal Tribuo's LabelEvaluator on the same model and rows. */
    @Test
    void agreesWithTribuosLabelEvaluator() throws IOException {
        TrainedClassifier classifier = TinyModel.classifier();
        List<LabelledQuery> rows = DataFiles.read(Path.of("data/query-types/dev.jsonl"));
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("dev", factory), factory);
        List<Metrics.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += 10) {
            LabelledQuery q = rows.get(i);
            var analysis = Analyzers.analyze(q.query());
            ds.add(classifier.encoder().encode(analysis, new Label(q.type().label())));
            outcomes.add(new Metrics.Outcome(q.type(), classifier.classify(analysis)));
        }
        LabelEvaluation tribuo = new LabelEvaluator().evaluate(classifier.model(), ds);
        Metrics ours = Metrics.of(outcomes);

        assertThat(ours.rows()).isEqualTo(ds.size());
        assertThat(ours.accuracy()).isCloseTo(tribuo.accuracy(), within(1e-12));
        assertThat(ours.macroF1()).isCloseTo(tribuo.macroAveragedF1(), within(1e-12));
        for (QueryType t : QueryType.values()) {
            Label l = new Label(t.label());
            assertThat(ours.f1(t)).isCloseTo(tribuo.f1(l), within(1e-12));
            for (QueryType p : QueryType.values()) {
                assertThat((double) ours.confusion()[t.ordinal()][p.ordinal()])
                        .isEqualTo(tribuo.getConfusionMatrix().confusion(new Label(p.label()), l));
            }
        }
    }

    @Test
    void perfectAndEmpty() {
        List<Metrics.Outcome> perfect = new ArrayList<>();
        for (QueryType t : QueryType.values()) {
            double[] p = new double[3];
            p[t.ordinal()] = 1;
            perfect.add(new Metrics.Outcome(t, Prediction.fromProbabilities(p, "x")));
        }
        Metrics m = Metrics.of(perfect);
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.macroF1()).isEqualTo(1.0);
        assertThat(Metrics.of(List.of()).rows()).isZero();
    }
}
