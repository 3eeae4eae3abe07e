package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.classify.Prediction;
import io.qtp.training.DataFiles;
import io.qtp.training.LabelledQuery;
import io.qtp.training.ModelCandidates;

/** What the compiled-model tests share: a quick model of the real data, and its agreement with Tribuo's path. */
final class TestSplitAgreement {

    private TestSplitAgreement() {
    }

    /** A candidate trained as {@code train} trains it, on every fourth row of the training split (to stay quick). */
    static TrainedClassifier trainedOnEveryFourthTrainingRow(String candidate) throws IOException {
        ModelCandidates.Candidate c = ModelCandidates.byNames(List.of(candidate)).get(0);
        FeatureEncoder encoder = new FeatureEncoder(c.spec());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("every fourth", factory), factory);
        List<LabelledQuery> train = DataFiles.read(Path.of("data/query-types/train.jsonl"));
        for (int i = 0; i < train.size(); i += 4) {
            LabelledQuery q = train.get(i);
            ds.add(encoder.encode(Analyzers.analyze(q.query()), new Label(q.type().label())));
        }
        return new TrainedClassifier(c.trainer(42).train(ds), encoder, candidate + "-test");
    }

    /**
     * Classifies every query of the committed test split both ways (compiled, Tribuo's {@code predict}), asserts
     * the same type each time, and returns the largest difference of one probability.
     */
    static double largestDifferenceOnTheTestSplit(TrainedClassifier classifier) throws IOException {
        List<LabelledQuery> test = DataFiles.read(Path.of("data/query-types/test.jsonl"));
        assertThat(test).hasSizeGreaterThan(2000);
        double worst = 0;
        for (LabelledQuery q : test) {
            QueryAnalysis a = Analyzers.analyze(q.query());
            Prediction compiled = classifier.classify(a);
            Prediction tribuo = classifier.classifyWithTribuo(a);
            assertThat(compiled.type()).as(q.query()).isEqualTo(tribuo.type());
            for (int i = 0; i < 3; i++) {
                worst = Math.max(worst, Math.abs(compiled.probabilities()[i] - tribuo.probabilities()[i]));
            }
        }
        return worst;
    }
}
