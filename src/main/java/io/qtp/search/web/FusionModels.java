package io.qtp.search.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.qtp.search.fusion.FusionArtifact;

/**
 * Loads the learned fusion of {@code SEARCH_FUSION_MODEL}: {@code bundled} (the model in the jar), a file, or
 * {@code none}. Never fails the service: a model that cannot be read or does not match this version's signals is
 * logged as an error and the type policy serves every search (null).
 */
final class FusionModels {

    private static final Logger LOG = Logger.getLogger(FusionModels.class);
    /** The fusion model shipped in the jar (docs/SEARCH.md says what it was fitted on). */
    static final String BUNDLED_RESOURCE = "search/fusion-model.json";

    private FusionModels() {
    }

    static FusionArtifact load(String setting) {
        String s = setting == null ? "bundled" : setting.strip();
        if (s.isEmpty() || s.equalsIgnoreCase("none")) {
            LOG.info("SEARCH_FUSION_MODEL=none: searches use the type policy");
            return null;
        }
        try {
            FusionArtifact a;
            if (s.equalsIgnoreCase("bundled")) {
                try (InputStream in = FusionModels.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
                    if (in == null) {
                        throw new IOException("the bundled fusion model " + BUNDLED_RESOURCE + " is not in the jar");
                    }
                    a = FusionArtifact.read(in, "bundled " + BUNDLED_RESOURCE);
                }
            } else {
                a = FusionArtifact.read(Path.of(s));
            }
            LOG.infof("learned fusion %s loaded from %s%s", a.version(), s, a.fixed().isEmpty() ? ""
                    : "; a fixed choice serves " + a.fixed().entrySet().stream()
                            .map(e -> e.getKey().code() + " queries: " + e.getValue())
                            .collect(Collectors.joining(", ")));
            return a;
        } catch (IOException | RuntimeException e) {
            LOG.errorf("SEARCH_FUSION_MODEL=%s cannot be used, searches use the type policy: %s", s, e.getMessage());
            return null;
        }
    }
}
