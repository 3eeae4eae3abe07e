package io.qtp.classify.trained;

import java.util.Optional;

import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Gives the trees of a boosted-tree model as XGBoost's JSON model document, so that {@link CompiledTreeModel} can
 * serve the model without the native library. The core module cannot name XGBoost's classes (it stays free of
 * native code, see its pom), so the module that has XGBoost registers an implementation with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.qtp.classify.trained.TreeEnsembleSource}); without one,
 * an XGBoost model keeps Tribuo's own (native, slower) path.
 */
public interface TreeEnsembleSource {

    /**
     * The model's XGBoost JSON document (XGBoost's {@code Booster.saveModel} in JSON: learner, trees, split
     * conditions at full float precision), or empty when this source does not know the model's class.
     */
    Optional<byte[]> xgboostJson(Model<Label> model);
}
