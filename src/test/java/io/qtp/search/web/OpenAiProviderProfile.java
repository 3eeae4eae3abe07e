package io.qtp.search.web;

import java.util.HashMap;
import java.util.Map;

import io.qtp.store.SharedDatabaseProfile;

/**
 * The shared database, with the OpenAI-compatible embeddings provider pointed at a local server (a free port) that
 * answers 3-dimensional vectors: a provider whose dimension does not fit {@code documents.embedding vector(384)}.
 */
public class OpenAiProviderProfile extends SharedDatabaseProfile {

    static final String PORT_PROPERTY = "query-type-predictor-tests.embeddings-port";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>(super.getConfigOverrides());
        m.put("qtp.search.embeddings-provider", "openai");
        m.put("qtp.search.embeddings-base-url", "http://127.0.0.1:" + LocalEmbeddingsServer.port(PORT_PROPERTY, 3, null) + "/v1");
        m.put("qtp.search.embeddings-model", "tiny-3d");
        return m;
    }
}
