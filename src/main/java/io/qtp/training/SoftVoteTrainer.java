package io.qtp.training;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.provenance.EnsembleModelProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;

/**
 * Trains several different learners on the same dataset and averages their probabilities (a soft vote: Tribuo's
 * {@link WeightedEnsembleModel} with the {@link FullyWeightedVotingCombiner}, equal weights).
 *
 * <p>Why this class: Tribuo's ensemble trainers (bagging, boosting) repeat one learner on resampled data; an
 * ensemble of different learners is built from trained models with
 * {@link WeightedEnsembleModel#createEnsembleFromExistingModels}; this {@link Trainer} builds the same model, so that the {@code train} command treats the ensemble as one candidate.
 */
final class SoftVoteTrainer implements Trainer<Label> {

    @Config(mandatory = true, description = "the learners whose probabilities are averaged")
    private List<Trainer<Label>> members;

    private int invocations;

    /** For OLCUT's configuration system. */
    @SuppressWarnings("unused")
    private SoftVoteTrainer() {
    }

    SoftVoteTrainer(List<Trainer<Label>> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("a soft vote needs at least two learners");
        }
        this.members = List.copyOf(members);
    }

    @Override
    public synchronized Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        invocations++;
        List<Model<Label>> models = new ArrayList<>();
        for (Trainer<Label> t : members) {
            models.add(t.train(examples, runProvenance));
        }
        // Built here rather than by createEnsembleFromExistingModels: that records a creation time in the trainer's
        // provenance (a model file that differs on every run) and a generic trainer instead of this one.
        List<ModelProvenance> memberProvenance = models.stream().map(Model::getProvenance).toList();
        EnsembleModelProvenance provenance = new EnsembleModelProvenance(WeightedEnsembleModel.class.getName(),
                OffsetDateTime.now(), examples.getProvenance(), getProvenance(), runProvenance,
                new ListProvenance<>(memberProvenance));
        float[] weights = new float[models.size()];
        Arrays.fill(weights, 1f);
        return new WeightedEnsembleModel<>("soft-vote", provenance, examples.getFeatureIDMap(),
                examples.getOutputIDInfo(), models, new FullyWeightedVotingCombiner(), weights);
    }

    @Override
    public synchronized int getInvocationCount() {
        return invocations;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SoftVote(");
        for (int i = 0; i < members.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(members.get(i));
        }
        return sb.append(')').toString();
    }
}
