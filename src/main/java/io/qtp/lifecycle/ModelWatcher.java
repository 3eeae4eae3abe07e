package io.qtp.lifecycle;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.qtp.config.AppConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Loads the model in the background at start-up (the HTTP server is up at once; until a model has loaded,
 * readiness is false and the rule-based scorer answers with {@code fallback: true}), then polls MODEL_DIR for
 * changes and reloads.
 *
 * <p>Polling rather than {@link java.nio.file.WatchService}: model directories live on volumes (Kubernetes
 * PVCs, NFS, ConfigMap symlink swaps) where file-system events are missing or unreliable, and a cheap
 * fingerprint of a few files every few seconds costs nothing.
 */
@Singleton
public class ModelWatcher {

    private static final Logger LOG = Logger.getLogger(ModelWatcher.class);

    private final ModelRegistry registry;
    private final AppConfig config;
    private ScheduledExecutorService scheduler;

    public ModelWatcher(ModelRegistry registry, AppConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.config = config;
        // 1 while a trained model serves as current, 0 while the rules answer (start-up, or no loadable model):
        // the "model not ready" alert of deploy/prometheus reads it.
        Gauge.builder("query.type.model.loaded", registry, r -> r.loaded() ? 1 : 0)
                .description("1 when a trained model is serving, 0 when predictions fall back to the rules")
                .register(meters);
    }

    void start(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("model-watcher").factory());
        scheduler.execute(registry::loadInitial);
        if (registry.directory().isPresent()) {
            long ms = config.model().watchInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
            LOG.infof("Watching %s for model changes every %d ms", registry.directory().get(), ms);
        }
    }

    private void poll() {
        try {
            registry.reload();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Model directory check failed");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
