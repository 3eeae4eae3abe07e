package io.qtp.classify.trained;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.WeightedEnsembleModelProto;

import com.google.protobuf.InvalidProtocolBufferException;

import io.qtp.analysis.QueryAnalysis;

/**
 * The serving form of a soft vote (Tribuo's {@link WeightedEnsembleModel} with the
 * {@link FullyWeightedVotingCombiner}): each member in its own compiled form ({@link CompiledLinearModel},
 * {@link CompiledTreeModel}), their probabilities averaged with the ensemble's weights, as the combiner does (the sum
 * of weight times probability, over the sum of the weights).
 *
 * <p>Compiled only when every member compiles; otherwise Tribuo's path serves the whole ensemble. Immutable and
 * thread-safe.
 */
final class CompiledEnsembleModel implements CompiledModel {

    private final CompiledModel[] members;
    private final double[] weights;
    private final double totalWeight;

    private CompiledEnsembleModel(CompiledModel[] members, double[] weights) {
        this.members = members;
        this.weights = weights;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        this.totalWeight = total;
    }

    /** Compiles a soft vote whose members all compile (as themselves, never as nested ensembles), else empty. */
    static Optional<CompiledEnsembleModel> compile(Model<Label> model, FeatureEncoder encoder) {
        if (!(model instanceof WeightedEnsembleModel<Label> ensemble)) {
            return Optional.empty();
        }
        WeightedEnsembleModelProto proto;
        try {
            // the weights and the combiner are not exposed by Tribuo's API; its protobuf form holds both
            proto = ensemble.serialize().getSerializedData().unpack(WeightedEnsembleModelProto.class);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return Optional.empty();
        }
        if (!proto.getCombiner().getClassName().equals(FullyWeightedVotingCombiner.class.getName())) {
            return Optional.empty(); // a hard vote (VotingCombiner) counts labels: not this averaging
        }
        List<Model<Label>> models = ensemble.getModels();
        if (proto.getWeightsCount() != models.size()) {
            return Optional.empty();
        }
        List<CompiledModel> compiled = new ArrayList<>();
        double[] weights = new double[models.size()];
        for (int i = 0; i < models.size(); i++) {
            Optional<? extends CompiledModel> member = CompiledLinearModel.compile(models.get(i), encoder);
            if (member.isEmpty()) {
                member = CompiledTreeModel.compile(models.get(i), encoder);
            }
            if (member.isEmpty() || !(proto.getWeights(i) > 0)) {
                return Optional.empty();
            }
            compiled.add(member.get());
            weights[i] = proto.getWeights(i);
        }
        return Optional.of(new CompiledEnsembleModel(compiled.toArray(new CompiledModel[0]), weights));
    }

    @Override
    public double[] probabilities(QueryAnalysis analysis) {
        double[] out = new double[3];
        for (int m = 0; m < members.length; m++) {
            double[] p = members[m].probabilities(analysis);
            double w = weights[m] / totalWeight;
            for (int i = 0; i < out.length; i++) {
                out[i] += w * p[i];
            }
        }
        return out;
    }

    /** The loosest of the members' tolerances: averaging does not widen a difference. */
    @Override
    public double tolerance() {
        double t = 0;
        for (CompiledModel m : members) {
            t = Math.max(t, m.tolerance());
        }
        return t;
    }

    /** The members' serving forms, for logs ("compiled trees + compiled linear model"). */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (CompiledModel m : members) {
            sb.append(sb.length() == 0 ? "" : " + ").append(m instanceof CompiledTreeModel ? "compiled trees"
                    : "compiled linear model");
        }
        return sb.toString();
    }
}
