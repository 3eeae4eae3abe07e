package io.qtp.search.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * The OpenAI-compatible provider against a small local server that speaks {@code POST /v1/embeddings}: it embeds
 * each input as {length, first code point, index} (so answers are checkable) and answers the items in reverse
 * order, as the API allows (the client must order by {@code index}).
 */
class OpenAiCompatibleEmbeddingModelTest {

    static final ObjectMapper JSON = new ObjectMapper();
    HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0); // a free port
        server.createContext("/v1/embeddings", this::embeddings);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void embeddings(HttpExchange ex) throws IOException {
        JsonNode req = JSON.readTree(ex.getRequestBody());
        requests.add(req);
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        byte[] body;
        if (status != 200) {
            body = "{\"error\":{\"message\":\"model overloaded\"}}".getBytes(StandardCharsets.UTF_8);
        } else {
            ObjectNode resp = JSON.createObjectNode();
            resp.put("object", "list");
            ArrayNode data = resp.putArray("data");
            JsonNode input = req.path("input");
            for (int i = input.size() - 1; i >= 0; i--) {
                String text = input.get(i).asText();
                ObjectNode item = data.addObject();
                item.put("object", "embedding");
                item.put("index", i);
                item.putArray("embedding").add(text.length()).add(text.codePointAt(0)).add(i);
            }
            resp.put("model", req.path("model").asText());
            body = resp.toString().getBytes(StandardCharsets.UTF_8);
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Test
    void embedsInInputOrderWithTheModelAndKey() {
        EmbeddingModel m = new OpenAiCompatibleEmbeddingModel(baseUrl(), "test-embed-3", "sk-test", null, Duration.ofSeconds(5));
        List<float[]> v = EmbeddingProviders.embedAll(m, List.of("abc", "日本語です"));
        assertThat(v.get(0)).containsExactly(3f, 'a', 0f);
        assertThat(v.get(1)).containsExactly(5f, '日', 1f);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).path("model").asText()).isEqualTo("test-embed-3");
        assertThat(requests.get(0).path("input").size()).isEqualTo(2);
        assertThat(requests.get(0).has("dimensions")).isFalse();
        assertThat(authorizations).containsExactly("Bearer sk-test");
        assertThat(m.dimension()).isEqualTo(3); // learnt from the answer
        assertThat(m.modelName()).isEqualTo("test-embed-3");
    }

    @Test
    void largeInputsAreSplitIntoRequestsAndDimensionsAreAskedFor() {
        EmbeddingModel m = new OpenAiCompatibleEmbeddingModel(baseUrl() + "/", "m", null, 3, Duration.ofSeconds(5));
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < OpenAiCompatibleEmbeddingModel.MAX_BATCH + 3; i++) {
            texts.add("t" + i);
        }
        List<float[]> v = EmbeddingProviders.embedAll(m, texts);
        assertThat(v).hasSize(texts.size());
        assertThat(v.get(OpenAiCompatibleEmbeddingModel.MAX_BATCH + 2)[2]).isEqualTo(2f); // index within its request
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path("dimensions").asInt()).isEqualTo(3);
        assertThat(authorizations).containsOnly("null"); // no key, no header
        assertThat(m.dimension()).isEqualTo(3);
    }

    @Test
    void anErrorAnswerIsAClearFailure() {
        status = 503;
        EmbeddingModel m = new OpenAiCompatibleEmbeddingModel(baseUrl(), "m", "k", null, Duration.ofSeconds(5));
        assertThatThrownBy(() -> m.embed("x")).hasMessageContaining("answered 503").hasMessageContaining("model overloaded");
    }

    @Test
    void theProviderFactoryBuildsIt() {
        LanguageEmbedder m = EmbeddingProviders.create(new EmbeddingProviders.Settings("OpenAI", baseUrl(), "m", null,
                null, Duration.ofSeconds(5)));
        assertThat(m.space(io.qtp.analysis.Language.JA)).isEqualTo(io.qtp.search.Embedded.Space.MAIN); // one space
        assertThat(m.japaneseDimension()).isZero();
        assertThatThrownBy(() -> EmbeddingProviders.create(new EmbeddingProviders.Settings("nope", null, null, null, null,
                Duration.ofSeconds(1)))).hasMessageContaining("unknown embeddings provider");
        assertThatThrownBy(() -> EmbeddingProviders.create(new EmbeddingProviders.Settings("openai", null, "m", null, null,
                Duration.ofSeconds(1)))).hasMessageContaining("base URL");
    }
}
