package io.qtp.store;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import io.qtp.api.ApiException;
import io.qtp.api.ErrorResponse;
import io.qtp.api.ErrorType;
import io.qtp.api.QueryInput;
import io.qtp.classify.QueryType;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/feedback} (SPEC section 7): the correct type of a query, or the result the user clicked.
 * Acknowledged (202) only once the row is committed; while the database is down or not configured the client
 * gets 503, never a silent loss. At least one of {@code correctType} and {@code clickedResultId} is required: a
 * feedback with neither says nothing.
 */
@Path("/api/feedback")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Feedback")
public class FeedbackResource {

    private static final Logger LOG = Logger.getLogger(FeedbackResource.class);
    static final int MAX_RESULT_ID_LENGTH = 256;

    private final FeedbackStore store;

    public FeedbackResource(FeedbackStore store) {
        this.store = store;
    }

    @POST
    @RunOnVirtualThread
    @Operation(summary = "Store feedback on a prediction: the correct type or the clicked result")
    @APIResponse(responseCode = "202", description = "Stored (committed): {\"status\":\"stored\",\"id\":N}")
    @APIResponse(responseCode = "400", description = "Invalid query, an unknown type, or neither correctType nor clickedResultId",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "The database is down or DATABASE_URL is not set; nothing was stored",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RestResponse<Map<String, Object>> feedback(FeedbackRequest request) {
        FeedbackStore.Feedback f = validate(request);
        if (!store.configured()) {
            throw new ApiException(ErrorType.SERVICE_UNAVAILABLE, "feedback cannot be stored: " + Database.NOT_CONFIGURED);
        }
        long id;
        try {
            id = store.store(f);
        } catch (SQLException e) {
            LOG.warnf("feedback not stored: %s", Database.rootMessage(e));
            throw new ApiException(ErrorType.SERVICE_UNAVAILABLE,
                    "feedback could not be stored: the database is unavailable; retry later");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "stored");
        body.put("id", id);
        return RestResponse.status(RestResponse.Status.ACCEPTED, body);
    }

    static FeedbackStore.Feedback validate(FeedbackRequest r) {
        if (r == null) {
            throw ApiException.validation(
                    "request body is required: {\"query\": \"...\", \"predictedType\": \"...\", \"correctType\": \"...\"}");
        }
        String query = QueryInput.cleanQuery(r.query(), "query");
        if (r.predictedType() == null) {
            throw ApiException.validation("predictedType is required: keyword, semantic or hybrid");
        }
        QueryType predicted = type(r.predictedType(), "predictedType");
        QueryType correct = r.correctType() == null || r.correctType().isBlank() ? null : type(r.correctType(), "correctType");
        String clicked = resultId(r.clickedResultId());
        if (correct == null && clicked == null) {
            throw ApiException.validation("correctType or clickedResultId is required");
        }
        return new FeedbackStore.Feedback(query, predicted, correct, clicked, QueryInput.cleanUserId(r.userId()));
    }

    private static QueryType type(String label, String field) {
        try {
            return QueryType.fromLabel(label);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(field + " must be keyword, semantic or hybrid");
        }
    }

    /** Like a user id, and no tab or line break either; invisible characters trimmed; blank means absent. */
    private static String resultId(String raw) {
        if (raw == null) {
            return null;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw ApiException.validation("clickedResultId must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + " at index " + i + ")");
            }
        }
        return QueryInput.cleanOptionalId(raw, "clickedResultId", MAX_RESULT_ID_LENGTH);
    }
}
