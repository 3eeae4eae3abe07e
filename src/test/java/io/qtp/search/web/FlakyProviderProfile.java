package io.qtp.search.web;

import java.util.HashMap;
import java.util.Map;

import io.qtp.support.PrivateSchemaProfile;

/**
 * A schema of its own (its 384-dimension vectors are another model's than the shared schema's MiniLM vectors, and
 * the store keeps one model per space), with the OpenAI-compatible provider (no configured dimension, so it is asked at load) pointed
 * at a local 384-dimension server that is down when the service starts ({@link #FAIL_PROPERTY} true).
 */
public class FlakyProviderProfile extends PrivateSchemaProfile {

    static final String PORT_PROPERTY = "query-type-predictor-tests.flaky-embeddings-port";
    static final String FAIL_PROPERTY = "query-type-predictor-tests.flaky-embeddings-fail";

    @Override
    public Map<String, String> getConfigOverrides() {
        if (System.getProperty(PORT_PROPERTY) == null) {
            System.setProperty(FAIL_PROPERTY, "true");
        }
        Map<String, String> m = new HashMap<>(super.getConfigOverrides());
        m.put("qtp.search.embeddings-provider", "openai");
        m.put("qtp.search.embeddings-base-url",
                "http://127.0.0.1:" + LocalEmbeddingsServer.port(PORT_PROPERTY, 384, FAIL_PROPERTY) + "/v1");
        m.put("qtp.search.embeddings-model", "flaky-384");
        return m;
    }
}
