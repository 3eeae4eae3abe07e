package io.qtp.store;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/feedback} (SPEC section 7): the correct type of a query, or the result the user clicked.
 * Acknowledged (202) only once the row is committed; while the database is down or not configured the client
 * gets 503, never a silent loss, within a bounded time ({@link FeedbackStore}: about 5 s even when PostgreSQL hangs).
 * At least one of {@code correctType} and {@code clickedResultId} is required: a feedback with neither says nothing.
 *
 * <p>Retry-safe with the {@code Idempotency-Key} request header (IETF draft "The Idempotency-Key HTTP Header
 * Field"): the same key stores the feedback once and answers the same {@code {"status":"stored","id":N}} every time,
 * so a 503 (the commit may or may not have happened) or a 502 from a proxy can be retried without a duplicate. The
 * key is 1 to 255 visible ASCII characters (a UUID, say), sent bare or as a quoted structured-field string; the same
 * key with a different feedback is a 422.
 */
@Path("/api/feedback")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Feedback")
public class FeedbackResource {

    private static final Logger LOG = Logger.getLogger(FeedbackResource.class);
    static final int MAX_RESULT_ID_LENGTH = 256;
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

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
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used before for a different feedback",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RestResponse<Map<String, Object>> feedback(FeedbackRequest request,
            @Parameter(description = "Optional: 1 to 255 visible ASCII characters (e.g. a UUID); the same key stores"
                    + " the feedback once and gets the same answer, so the request can be retried safely")
            @HeaderParam(IDEMPOTENCY_KEY) List<String> idempotencyKey) {
        String key = idempotencyKey(idempotencyKey);
        FeedbackStore.Feedback f = validate(request);
        if (!store.configured()) {
            throw new ApiException(ErrorType.SERVICE_UNAVAILABLE, "feedback cannot be stored: " + Database.NOT_CONFIGURED);
        }
        FeedbackStore.Stored stored;
        try {
            stored = store.store(f, key);
        } catch (SQLException e) {
            LOG.warnf("feedback not stored: %s", Database.rootMessage(e));
            throw new ApiException(ErrorType.SERVICE_UNAVAILABLE, key == null
                    ? "feedback could not be stored: the database is unavailable; retry later (send an Idempotency-Key"
                            + " header to make the retry safe)"
                    : "feedback could not be stored: the database is unavailable; retry later with the same Idempotency-Key");
        } catch (FeedbackStore.KeyReused e) {
            throw new ApiException(ErrorType.UNPROCESSABLE_CONTENT,
                    "Idempotency-Key was already used for a different feedback; use a new key for a new feedback");
        }
        if (stored.replayed()) {
            LOG.infof("feedback %d answered again for its Idempotency-Key (a retry)", stored.id());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "stored");
        body.put("id", stored.id());
        return RestResponse.status(RestResponse.Status.ACCEPTED, body);
    }

    /** The header's value: bare, or a structured-field string ({@code "..."}) as the draft writes it; null when absent. */
    static String idempotencyKey(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.validation(IDEMPOTENCY_KEY + " must be given once");
        }
        String v = values.get(0).strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        boolean ok = !v.isEmpty() && v.length() <= MAX_IDEMPOTENCY_KEY_LENGTH;
        for (int i = 0; ok && i < v.length(); i++) {
            char c = v.charAt(i);
            ok = c > 0x20 && c < 0x7f && c != '"' && c != '\\';
        }
        if (!ok) {
            throw ApiException.validation(IDEMPOTENCY_KEY + " must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                    + " visible ASCII characters (a UUID, say)");
        }
        return v;
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
