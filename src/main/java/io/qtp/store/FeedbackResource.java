package io.qtp.store;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import io.qtp.http.ApiException;
import io.qtp.http.ErrorType;
import io.qtp.http.QueryInput;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qtp.classify.QueryType;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/feedback} (docs/FEEDBACK.md): the correct type of a query, or the result the user clicked.
 * Acknowledged (202) only once the row is committed; while the database is down or not configured the client
 * gets 503, never a silent loss, within a bounded time ({@link FeedbackStore}: about 5 s even when PostgreSQL hangs).
 * At least one of {@code correctType} and {@code clickedResultId} is required: a feedback with neither says nothing.
 *
 * <p>Retry-safe with the {@code Idempotency-Key} request header (IETF draft "The Idempotency-Key HTTP Header
 * Field"): the same key stores the feedback once and answers the same {@code {"status":"stored","id":N}} every time,
 * so a 503 (the commit may or may not have happened) or a 502 from a proxy can be retried without a duplicate. The
 * key is 1 to 255 visible ASCII characters (a UUID, say), sent bare or as a quoted structured-field string; the same
 * key with a different feedback is a 422.
 *
 * <p>Feedback can name the answer it is about by {@code queryId} (every prediction and search answers one; issue 17):
 * then the query and predicted type come from that answer's {@code query_logs} row, a click's rank is checked against
 * the results the search showed, and the row's {@code click_count} grows by one. An id with no row is a 404. Stored
 * feedback is counted in {@code feedback_received_total{kind="correction|click"}}.
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
    static final int MAX_RANK = 1000;
    /** How long a feedback waits for the query-log rows queued before it, when its queryId is not written yet. */
    static final java.time.Duration LOG_WAIT = java.time.Duration.ofSeconds(2);
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final FeedbackStore store;
    private final QueryLogWriter queryLogs;
    private final Map<String, Counter> received = new java.util.HashMap<>();

    public FeedbackResource(FeedbackStore store, QueryLogWriter queryLogs, MeterRegistry registry) {
        this.store = store;
        this.queryLogs = queryLogs;
        for (String kind : List.of("correction", "click")) {
            received.put(kind, Counter.builder("feedback.received").tag("kind", kind)
                    .description("Feedback stored, by kind (a correction of the type, a click on a result)")
                    .register(registry));
        }
    }

    @POST
    @RunOnVirtualThread
    @Operation(summary = "Store feedback on a prediction: the correct type or the clicked result")
    @APIResponse(responseCode = "202", description = "Stored (committed): {\"status\":\"stored\",\"id\":N}")
    @APIResponse(responseCode = "400", description = "Invalid query, an unknown type, or neither correctType nor clickedResultId")
    @APIResponse(responseCode = "503", description = "The database is down or DATABASE_URL is not set; nothing was stored")
    @APIResponse(responseCode = "404", description = "queryId names no prediction or search (or its query log was not written)")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used before for a different feedback")
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
            stored = storeWaitingForTheLog(f, key);
        } catch (SQLException e) {
            LOG.warnf("feedback not stored: %s", Database.rootMessage(e));
            throw new ApiException(ErrorType.SERVICE_UNAVAILABLE, key == null
                    ? "feedback could not be stored: the database is unavailable; retry later (send an Idempotency-Key"
                            + " header to make the retry safe)"
                    : "feedback could not be stored: the database is unavailable; retry later with the same Idempotency-Key");
        } catch (FeedbackStore.KeyReused e) {
            throw new ApiException(ErrorType.UNPROCESSABLE_CONTENT,
                    "Idempotency-Key was already used for a different feedback; use a new key for a new feedback");
        } catch (FeedbackStore.UnknownQueryId e) {
            throw new ApiException(ErrorType.NOT_FOUND, "queryId " + f.queryId() + " is unknown: no prediction or"
                    + " search with this id is logged");
        }
        if (stored.replayed()) {
            LOG.infof("feedback %d answered again for its Idempotency-Key (a retry)", stored.id());
        } else {
            f.kinds().forEach(k -> received.get(k).increment());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "stored");
        body.put("id", stored.id());
        return RestResponse.status(RestResponse.Status.ACCEPTED, body);
    }

    /**
     * Stores the feedback; when its queryId has no row yet, waits (at most {@link #LOG_WAIT}) for the query-log rows
     * queued before this request, which may hold it, and tries once more.
     */
    private FeedbackStore.Stored storeWaitingForTheLog(FeedbackStore.Feedback f, String key)
            throws SQLException, FeedbackStore.KeyReused, FeedbackStore.UnknownQueryId {
        try {
            return store.store(f, key);
        } catch (FeedbackStore.UnknownQueryId e) {
            if (!queryLogs.logging()) {
                throw e;
            }
            try {
                queryLogs.awaitQueued(LOG_WAIT);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw e;
            }
            return store.store(f, key);
        }
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
        UUID queryId = queryId(r.queryId());
        String query = queryId != null && r.query() == null ? null : QueryInput.cleanQuery(r.query(), "query");
        if (r.predictedType() == null && queryId == null) {
            throw ApiException.validation("predictedType is required (or a queryId): keyword, semantic or hybrid");
        }
        QueryType predicted = r.predictedType() == null ? null : type(r.predictedType(), "predictedType");
        QueryType correct = r.correctType() == null || r.correctType().isBlank() ? null : type(r.correctType(), "correctType");
        String clicked = resultId(r.clickedResultId());
        if (correct == null && clicked == null) {
            throw ApiException.validation("correctType or clickedResultId is required");
        }
        Integer rank = r.clickedRank();
        if (rank != null) {
            if (clicked == null) {
                throw ApiException.validation("clickedRank needs clickedResultId");
            }
            if (rank < 1 || rank > MAX_RANK) {
                throw ApiException.validation("clickedRank must be between 1 and " + MAX_RANK);
            }
        }
        return new FeedbackStore.Feedback(query, predicted, correct, clicked, QueryInput.cleanUserId(r.userId()),
                queryId, rank);
    }

    private static UUID queryId(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.strip();
        if (!UUID_TEXT.matcher(v).matches()) {
            throw ApiException.validation("queryId must be a UUID as answered by a prediction or search"
                    + " (e.g. 0190f6a2-3c4d-7e5f-8a9b-0c1d2e3f4a5b)");
        }
        return UUID.fromString(v);
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
