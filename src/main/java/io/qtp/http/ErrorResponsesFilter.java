package io.qtp.http;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The error responses every route under {@code /api/} shares, written once instead of on every resource method: each
 * 4xx/5xx response gets the {@link ErrorResponse} envelope as its body, a route that reads a JSON body documents 413
 * (over the body limit) and 415 (not JSON), and every route documents 500 (unexpected, with its {@code errorId}).
 * A resource declares only the responses that say something of its own. Registered with {@code mp.openapi.filter}.
 */
public class ErrorResponsesFilter implements OASFilter {

    static final String ENVELOPE = "#/components/schemas/ErrorResponse";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Operation op : path.getValue().getOperations().values()) {
                APIResponses responses = op.getResponses();
                if (responses == null) {
                    continue;
                }
                if (op.getRequestBody() != null) {
                    addIfAbsent(responses, "413", "Body over the limit (64 KiB by default)");
                    addIfAbsent(responses, "415", "Content type is not application/json");
                }
                addIfAbsent(responses, "500", "Unexpected error; carries errorId");
                responses.getAPIResponses().forEach((code, response) -> {
                    if (code.matches("[45]\\d\\d") && (response.getContent() == null || response.getContent().getMediaTypes().isEmpty())) {
                        response.setContent(envelope());
                    }
                });
            }
        }
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Content envelope() {
        return OASFactory.createContent().addMediaType("application/json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ENVELOPE)));
    }
}
