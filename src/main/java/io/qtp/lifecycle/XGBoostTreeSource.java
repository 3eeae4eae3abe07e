package io.qtp.lifecycle;

import java.util.List;
import java.util.Optional;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

import io.qtp.classify.trained.TreeEnsembleSource;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gives the core's compiled tree model ({@code CompiledTreeModel}) the trees of a Tribuo XGBoost model, as XGBoost's
 * own JSON model document ({@code Booster.toByteArray("json")}: split conditions at full float precision, unlike
 * the text dump). Registered in {@code META-INF/services}; the core module may not name XGBoost itself.
 */
public final class XGBoostTreeSource implements TreeEnsembleSource {

    @Override
    public Optional<byte[]> xgboostJson(Model<Label> model) {
        if (!(model instanceof XGBoostModel<?> xgb)) {
            return Optional.empty();
        }
        List<Booster> boosters = xgb.getInnerModels();
        if (boosters.size() != 1) {
            return Optional.empty(); // one booster per output dimension is regression's form, not classification's
        }
        try {
            return Optional.of(boosters.get(0).toByteArray("json"));
        } catch (XGBoostError e) {
            return Optional.empty();
        }
    }
}
