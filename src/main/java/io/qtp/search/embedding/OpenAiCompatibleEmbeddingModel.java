package io.qtp.search.embedding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

/**
 * An OpenAI-compatible embeddings endpoint ({@code POST {baseUrl}/embeddings}, {@code {"model", "input": [...]}}
 * -> {@code {"data": [{"index", "embedding": [...]}]}}), behind LangChain4j's {@link EmbeddingModel}.
 *
 * <p>Hand-written on the JDK's HttpClient rather than langchain4j-open-ai because that module is not available at
 * the version of langchain4j-core the in-process model needs (1.20.0; the registry has langchain4j-open-ai up to
 * 1.19.0, which would mix two core versions on one classpath). The request is one POST; nothing else of that
 * module is needed.
 */
public final class OpenAiCompatibleEmbeddingModel implements EmbeddingModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Inputs per request (OpenAI accepts up to 2048). */
    static final int MAX_BATCH = 256;

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Integer dimensions;
    private final Duration timeout;
    private final HttpClient http;
    private volatile int knownDimension;

    /**
     * @param baseUrl    e.g. {@code https://api.openai.com/v1} ({@code /embeddings} is appended)
     * @param apiKey     sent as {@code Authorization: Bearer}; null or blank sends none (local servers)
     * @param dimensions asked of models that can shorten their output ({@code dimensions}), or null
     */
    public OpenAiCompatibleEmbeddingModel(String baseUrl, String model, String apiKey, Integer dimensions,
            Duration timeout) {
        if (baseUrl == null || baseUrl.isBlank() || model == null || model.isBlank()) {
            throw new IllegalArgumentException("an OpenAI-compatible provider needs a base URL and a model name");
        }
        String b = baseUrl.strip();
        this.endpoint = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/embeddings");
        this.model = model.strip();
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.dimensions = dimensions;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<Embedding> out = new ArrayList<>(segments.size());
        for (int from = 0; from < segments.size(); from += MAX_BATCH) {
            out.addAll(request(segments.subList(from, Math.min(segments.size(), from + MAX_BATCH))));
        }
        return Response.from(out);
    }

    private List<Embedding> request(List<TextSegment> segments) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        segments.forEach(s -> input.add(s.text()));
        if (dimensions != null) {
            body.put("dimensions", dimensions);
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null) {
            req.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("embeddings request to " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + endpoint, e);
        }
        if (resp.statusCode() != 200) {
            String text = resp.body() == null ? "" : resp.body();
            throw new IllegalStateException("embeddings endpoint " + endpoint + " answered " + resp.statusCode() + ": "
                    + (text.length() > 300 ? text.substring(0, 300) : text));
        }
        try {
            JsonNode data = JSON.readTree(resp.body()).path("data");
            Embedding[] byIndex = new Embedding[segments.size()];
            for (JsonNode item : data) {
                int index = item.path("index").asInt(-1);
                JsonNode values = item.path("embedding");
                if (index < 0 || index >= byIndex.length || !values.isArray()) {
                    throw new IllegalStateException("malformed item in the embeddings response: index " + index);
                }
                float[] v = new float[values.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) values.get(i).asDouble();
                }
                byIndex[index] = Embedding.from(v);
            }
            List<Embedding> out = new ArrayList<>(byIndex.length);
            for (int i = 0; i < byIndex.length; i++) {
                if (byIndex[i] == null) {
                    throw new IllegalStateException("the embeddings response has no item for input " + i);
                }
                out.add(byIndex[i]);
            }
            knownDimension = out.get(0).dimension();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("the embeddings response is not JSON: " + e.getMessage(), e);
        }
    }

    /** The configured dimensions, else the length of one embedding (asked once). */
    @Override
    public int dimension() {
        if (dimensions != null) {
            return dimensions;
        }
        if (knownDimension == 0) {
            embed("dimension probe");
        }
        return knownDimension;
    }

    @Override
    public String modelName() {
        return model;
    }
}
