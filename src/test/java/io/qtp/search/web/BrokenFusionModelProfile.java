package io.qtp.search.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.qtp.store.SharedDatabaseProfile;

/** The shared database, and SEARCH_FUSION_MODEL pointing at a file that is not a fusion model (cut short). */
public class BrokenFusionModelProfile extends SharedDatabaseProfile {

    static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("qtp-broken-fusion", ".json");
            Files.writeString(FILE, "{\"format\": \"qtp-fusion-1\", \"version\": \"1.0.0\", \"model\": \"linear\", \"signals\": [");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>(super.getConfigOverrides());
        m.put("qtp.search.fusion-model", FILE.toString());
        return m;
    }
}
