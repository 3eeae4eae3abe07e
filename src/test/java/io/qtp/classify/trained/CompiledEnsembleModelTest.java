package io.qtp.classify.trained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import io.qtp.analysis.Analyzers;
import io.qtp.analysis.QueryAnalysis;
import io.qtp.training.LabelledQuery;
import io.qtp.training.ModelBundleWriter;
import io.qtp.training.ModelCandidates;

/**
 * A soft vote of XGBoost trees and a LIBLINEAR model, trained the way the {@code xgboost+liblinear-c1} candidate
 * trains (every fourth training row, to stay quick), is served by {@link CompiledEnsembleModel}: the same type and
 * probabilities as Tribuo's ensemble {@code predict} on every query of the test split, and exactly the mean of its
 * members' compiled probabilities.
 */
class CompiledEnsembleModelTest {

    private static TrainedClassifier classifier;

    @BeforeAll
    static void train() throws Exception {
        classifier = TestSplitAgreement.trainedOnEveryFourthTrainingRow("xgboost+liblinear-c1");
    }

    @Test
    void theSoftVoteIsCompiledAndAgreesWithTribuoOnTheWholeTestSplit() throws Exception {
        assertThat(classifier.isCompiled()).isTrue();
        assertThat(classifier.servingForm()).isEqualTo("soft vote of compiled trees + compiled linear model");
        assertThat(classifier.compiledTolerance()).isEqualTo(1e-5);
        assertThat(TestSplitAgreement.largestDifferenceOnTheTestSplit(classifier))
                .as("largest probability difference").isLessThan(1e-6);
    }

    @Test
    void itsProbabilitiesAreTheMeanOfItsMembers() {
        List<TrainedClassifier> members = new ArrayList<>();
        for (Model<Label> m : ((WeightedEnsembleModel<Label>) classifier.model()).getModels()) {
            members.add(new TrainedClassifier(m, classifier.encoder(), "member"));
        }
        assertThat(members).extracting(TrainedClassifier::servingForm)
                .containsExactly("compiled trees", "compiled linear model");
        for (String q : List.of("tomato leaves turning yellow", "確定申告 やり方", "how do vaccines train the immune system")) {
            QueryAnalysis a = Analyzers.analyze(q);
            double[] first = members.get(0).classify(a).probabilities();
            double[] second = members.get(1).classify(a).probabilities();
            double[] vote = classifier.classify(a).probabilities();
            for (int i = 0; i < 3; i++) {
                assertThat(vote[i]).as(q).isCloseTo((first[i] + second[i]) / 2, within(1e-12));
            }
            assertThat(first).as("the members disagree, so the test can tell a mean from a member")
                    .isNotEqualTo(second);
        }
    }

    @Test
    void aHardVoteOfTheSameMembersKeepsTribuosPath() {
        var members = ((WeightedEnsembleModel<Label>) classifier.model()).getModels();
        var hard = WeightedEnsembleModel.createEnsembleFromExistingModels("hard", members, new VotingCombiner());
        TrainedClassifier c = new TrainedClassifier(hard, classifier.encoder(), "hard");
        assertThat(c.isCompiled()).isFalse();
        assertThat(c.servingForm()).isEqualTo("Tribuo's predict");
    }

    @Test
    void trainingItTwiceWithTheSameSeedWritesTheSameBytes() throws Exception {
        ModelCandidates.Candidate candidate = ModelCandidates.byNames(List.of("xgboost+liblinear-c1")).get(0);
        FeatureEncoder encoder = new FeatureEncoder(candidate.spec());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("tiny", factory), factory);
        for (LabelledQuery q : TinyModel.rows()) {
            ds.add(encoder.encode(Analyzers.analyze(q.query()), new Label(q.type().label())));
        }
        byte[] first = ModelBundleWriter.serialise(candidate.trainer(7).train(ds));
        byte[] second = ModelBundleWriter.serialise(candidate.trainer(7).train(ds));
        assertThat(ModelBundle.sha256(second)).isEqualTo(ModelBundle.sha256(first));
    }
}
