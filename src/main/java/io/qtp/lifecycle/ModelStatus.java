package io.qtp.lifecycle;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.qtp.classify.trained.ModelBundle;
import io.qtp.classify.trained.ModelMetadata;

/** What the admin API and {@code /health/details} say about the models. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelStatus(boolean loaded, String modelDir, ModelMetadata current, ModelMetadata green,
        Integer greenPercent, Set<String> canaryUserIds, ModelRegistry.LoadResult lastLoad,
        List<DeploymentHistory.Entry> history) {

    public static ModelStatus of(ModelRegistry registry, List<DeploymentHistory.Entry> history) {
        ModelRegistry.Deployment d = registry.deployment();
        return new ModelStatus(d.current() != null, registry.directory().map(Object::toString).orElse(null),
                metadata(d.current()), metadata(d.green()), d.green() == null ? null : d.traffic().greenPercent(),
                d.green() == null ? null : d.traffic().canaryUserIds(), registry.lastLoad(), history);
    }

    private static ModelMetadata metadata(ModelBundle b) {
        return b == null ? null : b.metadata();
    }
}
