package io.qtp.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.qtp.classify.QueryClassifier;
import io.qtp.classify.trained.InvalidModelException;
import io.qtp.classify.trained.ModelBundle;
import io.qtp.config.AppConfig;
import jakarta.inject.Singleton;

/**
 * The models that serve: {@code current}, an optional {@code green} candidate and the traffic split between
 * them. The serving state is one immutable {@link Deployment} behind a volatile reference, so a swap is a
 * single write and a request sees either the old or the new state, never a mix: no request fails during a
 * reload, promote or roll-back. Every model is verified ({@link ModelBundle#load}) before it replaces another;
 * a rejected model is logged and the old one keeps serving.
 *
 * <p>Without {@code MODEL_DIR} the model bundled in the jar serves and there is no green slot. With it, the
 * directory's {@code current/} serves; an empty directory is first seeded with the bundled model.
 */
@Singleton
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    /** What serves now. {@code current} is null until a model has loaded; then the rules answer as fallback. */
    public record Deployment(ModelBundle current, ModelBundle green, TrafficSplit traffic) {
        static final Deployment EMPTY = new Deployment(null, null, TrafficSplit.NONE);
    }

    /** The outcome of the last load attempt. */
    public record LoadResult(String at, boolean ok, String slot, String version, String error) {
    }

    private final Optional<ModelDirectory> directory;
    private final String environment;
    private volatile Deployment deployment = Deployment.EMPTY;
    private volatile LoadResult lastLoad;
    private String currentFingerprint = "";
    private String greenFingerprint = "";
    private String trafficFingerprint = "";

    public ModelRegistry(AppConfig config) {
        this.directory = config.model().dir().map(ModelDirectory::new);
        this.environment = config.environment();
    }

    // ------------------------------------------------------------------ hot path

    /** The classifier for a request from {@code userId} (may be null), or null when no model has loaded. */
    public QueryClassifier select(String userId) {
        Deployment d = deployment;
        if (d.green != null && d.traffic.routesToGreen(userId, ThreadLocalRandom.current())) {
            return d.green.classifier();
        }
        return d.current == null ? null : d.current.classifier();
    }

    public Deployment deployment() {
        return deployment;
    }

    public boolean loaded() {
        return deployment.current != null;
    }

    public LoadResult lastLoad() {
        return lastLoad;
    }

    public Optional<Path> directory() {
        return directory.map(ModelDirectory::root);
    }

    // ------------------------------------------------------------------ loading

    /** Loads the serving model(s) at start-up: the bundled model, or MODEL_DIR (seeded when empty). */
    public synchronized void loadInitial() {
        if (directory.isEmpty()) {
            try {
                ModelBundle bundled = ModelBundle.loadBundled();
                deployment = new Deployment(bundled, null, TrafficSplit.NONE);
                recordLoad(true, "current", bundled, null);
                LOG.infof("Serving the bundled model %s (%s)", bundled.metadata().version(),
                        bundled.classifier().servingForm());
            } catch (InvalidModelException e) {
                recordLoad(false, "current", null, e.getMessage());
                LOG.errorf("The bundled model cannot serve (%s); answering with the rule-based scorer", e.getMessage());
            }
            return;
        }
        ModelDirectory dir = directory.get();
        if (!dir.hasModel(ModelDirectory.CURRENT)) {
            seedFromBundle(dir);
        }
        reload();
    }

    private void seedFromBundle(ModelDirectory dir) {
        try {
            ModelBundle bundled = ModelBundle.loadBundled();
            dir.seed(ModelDirectory.CURRENT, ModelBundle.BUNDLED_RESOURCE, List.of("metadata.json", bundled.metadata().modelFile()));
            LOG.infof("Model directory %s had no current/ model: seeded it with the bundled model %s", dir.root(),
                    bundled.metadata().version());
        } catch (InvalidModelException | IOException | RuntimeException e) {
            LOG.errorf("Cannot seed %s with the bundled model: %s", dir.root(), e.getMessage());
        }
    }

    /** Reloads what changed since the last check (the watcher's call). */
    public boolean reload() {
        return reload(false);
    }

    /**
     * Reloads MODEL_DIR: {@code current/}, {@code green/}, {@code traffic.json}; with {@code force} (the admin
     * call) every slot is loaded and verified again, otherwise only what changed. Each new model is verified
     * first; one that fails keeps the old one serving. Returns true when nothing was rejected.
     */
    public synchronized boolean reload(boolean force) {
        if (directory.isEmpty()) {
            return true;
        }
        ModelDirectory dir = directory.get();
        boolean ok = true;
        Deployment d = deployment;
        ModelBundle current = d.current;
        ModelBundle green = d.green;
        TrafficSplit traffic = d.traffic;

        String fp = dir.fingerprint(ModelDirectory.CURRENT);
        if (force || !fp.equals(currentFingerprint)) {
            currentFingerprint = fp;
            ModelBundle loaded = tryLoad(dir, ModelDirectory.CURRENT);
            if (loaded != null) {
                if (current == null || !current.metadata().version().equals(loaded.metadata().version())) {
                    appendHistory(dir, loaded, current == null ? "load" : "reload");
                }
                current = loaded;
            } else {
                ok = false;
            }
        }
        String gfp = dir.fingerprint(ModelDirectory.GREEN);
        if (force || !gfp.equals(greenFingerprint)) {
            greenFingerprint = gfp;
            if (!dir.hasModel(ModelDirectory.GREEN)) {
                green = null;
            } else {
                ModelBundle loaded = tryLoad(dir, ModelDirectory.GREEN);
                if (loaded != null) {
                    green = loaded;
                } else {
                    ok = false;
                }
            }
        }
        String tfp = dir.trafficFingerprint();
        if (force || !tfp.equals(trafficFingerprint)) {
            trafficFingerprint = tfp;
            try {
                traffic = dir.readTraffic();
            } catch (IOException | RuntimeException e) {
                LOG.errorf("Ignoring unreadable %s/traffic.json: %s", dir.root(), e.getMessage());
                ok = false;
            }
        }
        deployment = new Deployment(current, green, traffic);
        return ok;
    }

    private ModelBundle tryLoad(ModelDirectory dir, String slot) {
        Path path = dir.slot(slot);
        try {
            ModelBundle bundle = ModelBundle.load(path);
            recordLoad(true, slot, bundle, null);
            LOG.infof("Loaded model %s from %s (%s)", bundle.metadata().version(), path, bundle.classifier().servingForm());
            return bundle;
        } catch (InvalidModelException | RuntimeException e) {
            recordLoad(false, slot, null, e.getMessage());
            LOG.errorf("Rejected the model in %s: %s; the previous model keeps serving", path, e.getMessage());
            return null;
        }
    }

    private void recordLoad(boolean ok, String slot, ModelBundle bundle, String error) {
        lastLoad = new LoadResult(Instant.now().toString(), ok, slot,
                bundle == null ? null : bundle.metadata().version(), error);
    }

    private void appendHistory(ModelDirectory dir, ModelBundle bundle, String event) {
        try {
            dir.history().append(new DeploymentHistory.Entry(bundle.metadata().version(),
                    dir.slot(ModelDirectory.CURRENT).toString(), Instant.now().toString(), environment, event));
        } catch (IOException e) {
            LOG.errorf("Cannot append to %s/deployment-history.json: %s", dir.root(), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ blue/green

    public synchronized TrafficSplit setTraffic(TrafficSplit split) throws IOException {
        ModelDirectory dir = requireDirectory();
        if (split.greenPercent() > 0 || !split.canaryUserIds().isEmpty()) {
            if (deployment.green == null) {
                throw new IllegalStateException("there is no green model to send traffic to");
            }
        }
        dir.writeTraffic(split);
        trafficFingerprint = dir.trafficFingerprint();
        Deployment d = deployment;
        deployment = new Deployment(d.current, d.green, split);
        LOG.infof("Traffic to green: %d%% plus %d canary users", split.greenPercent(), split.canaryUserIds().size());
        return split;
    }

    /** Green becomes current; the old current is kept as previous for a roll-back. */
    public synchronized Deployment promote() throws IOException, InvalidModelException {
        ModelDirectory dir = requireDirectory();
        if (deployment.green == null) {
            throw new IllegalStateException("there is no green model to promote");
        }
        dir.move(ModelDirectory.CURRENT, ModelDirectory.PREVIOUS);
        dir.move(ModelDirectory.GREEN, ModelDirectory.CURRENT);
        return swapAfterMove(dir, "promote");
    }

    /** The previous model becomes current again; the demoted one is kept under rolled-back/. */
    public synchronized Deployment rollback() throws IOException, InvalidModelException {
        ModelDirectory dir = requireDirectory();
        if (!dir.hasModel(ModelDirectory.PREVIOUS)) {
            throw new IllegalStateException("there is no previous model to roll back to");
        }
        ModelBundle.load(dir.slot(ModelDirectory.PREVIOUS)); // verify before anything moves
        dir.move(ModelDirectory.CURRENT, ModelDirectory.ROLLED_BACK);
        dir.move(ModelDirectory.PREVIOUS, ModelDirectory.CURRENT);
        return swapAfterMove(dir, "rollback");
    }

    private Deployment swapAfterMove(ModelDirectory dir, String event) throws IOException, InvalidModelException {
        ModelBundle current = ModelBundle.load(dir.slot(ModelDirectory.CURRENT));
        ModelBundle green = dir.hasModel(ModelDirectory.GREEN) ? ModelBundle.load(dir.slot(ModelDirectory.GREEN)) : null;
        dir.writeTraffic(TrafficSplit.NONE);
        currentFingerprint = dir.fingerprint(ModelDirectory.CURRENT);
        greenFingerprint = dir.fingerprint(ModelDirectory.GREEN);
        trafficFingerprint = dir.trafficFingerprint();
        deployment = new Deployment(current, green, TrafficSplit.NONE);
        recordLoad(true, ModelDirectory.CURRENT, current, null);
        appendHistory(dir, current, event);
        LOG.infof("%s: model %s now serves", event, current.metadata().version());
        return deployment;
    }

    public List<DeploymentHistory.Entry> history() throws IOException {
        return directory.isEmpty() ? List.of() : directory.get().history().read();
    }

    private ModelDirectory requireDirectory() {
        return directory.orElseThrow(() -> new IllegalStateException(
                "MODEL_DIR is not set: blue/green needs a model directory"));
    }
}
