package io.qtp.search.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.qtp.analysis.Language;
import io.qtp.http.ApiException;
import io.qtp.http.QueryInput;
import io.qtp.search.Document;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/documents}: one document object or an array of 1 to {@value #MAX_BATCH}, stored by id (an upsert:
 * sending the same id again replaces it). Each document: {@code id} (required, 1-256 characters), {@code content}
 * (required, non-blank), {@code title}, {@code metadata} (an object), {@code language} ({@code en}/{@code ja};
 * detected when absent), {@code createdAt} (ISO-8601; now when absent). Answers 200 {@code {"stored": n, "ids": [...]}}
 * once committed.
 */
@Path("/api/documents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search")
public class DocumentResource {

    static final int MAX_BATCH = 100;
    static final int MAX_ID_LENGTH = 256;
    private static final Set<String> FIELDS = Set.of("id", "title", "content", "metadata", "language", "createdAt");

    @Inject
    SearchService search;

    @POST
    @RunOnVirtualThread
    @Operation(summary = "Store documents (one object or an array; upsert by id)")
    @APIResponse(responseCode = "200", description = "Stored (committed): {\"stored\": n, \"ids\": [...]}")
    @APIResponse(responseCode = "400", description = "A document is invalid; nothing was stored")
    @APIResponse(responseCode = "503", description = "The database is down or not configured; nothing was stored")
    public Map<String, Object> store(JsonNode body) {
        List<Document> docs = parse(body);
        List<String> ids = search.store(docs);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stored", ids.size());
        out.put("ids", ids);
        return out;
    }

    List<Document> parse(JsonNode body) {
        if (body == null || body.isNull()) {
            throw ApiException.validation("request body is required: a document {\"id\", \"content\", ...} or an array of them");
        }
        List<JsonNode> items = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(items::add);
            if (items.isEmpty() || items.size() > MAX_BATCH) {
                throw ApiException.validation("a batch holds 1 to " + MAX_BATCH + " documents");
            }
        } else {
            items.add(body);
        }
        List<Document> out = new ArrayList<>(items.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String where = body.isArray() ? "documents[" + i + "]" : "document";
            Document d = document(items.get(i), where);
            if (!seen.add(d.id())) {
                throw ApiException.validation(where + ": id '" + d.id() + "' appears twice in the batch");
            }
            out.add(d);
        }
        return out;
    }

    private Document document(JsonNode n, String where) {
        if (!n.isObject()) {
            throw ApiException.validation(where + " must be an object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw ApiException.validation(where + ": unknown field '" + f + "' (id, title, content, metadata, language, createdAt)");
            }
        }
        String id = text(n, "id", where, true);
        if (hasControl(id)) {
            throw ApiException.validation(where + ".id must be 1 to " + MAX_ID_LENGTH + " characters without control characters");
        }
        // the prediction API's rules (io.qtp.http.QueryInput): no lone surrogate, invisible characters trimmed, not
        // empty, something to read; an invisible-only content could not be embedded (a 503 inviting a vain retry)
        id = QueryInput.cleanRequiredId(id, where + ".id", MAX_ID_LENGTH);
        String content = text(n, "content", where, true);
        QueryInput.checkText(content, where + ".content");
        String title = text(n, "title", where, false);
        if (title != null) {
            QueryInput.rejectLoneSurrogates(title, where + ".title");
        }
        JsonNode m = n.get("metadata");
        if (m != null && !m.isNull() && !m.isObject()) {
            throw ApiException.validation(where + ".metadata must be a JSON object");
        }
        SearchService.rejectNul(m, where + ".metadata");
        JsonNode l = n.get("language");
        Language language;
        if (l == null || l.isNull()) {
            language = search.indexing().detect(content);
        } else {
            language = Language.ofCode(SearchService.languageCode(l, where + ".language"));
        }
        Instant created = SearchService.instant(n.get("createdAt"), where + ".createdAt");
        return new Document(id, title == null ? "" : title, content, m == null || m.isNull() ? "{}" : m.toString(),
                language, created);
    }

    private static String text(JsonNode n, String field, String where, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.validation(where + "." + field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.validation(where + "." + field + " must be a string");
        }
        SearchService.rejectNul(v, where + "." + field);
        return v.asText();
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return true;
            }
        }
        return false;
    }
}
