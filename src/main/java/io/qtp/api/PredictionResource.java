package io.qtp.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.qtp.http.ApiException;
import io.qtp.http.ErrorResponse;
import io.qtp.http.QueryInput;
import io.qtp.prediction.PredictionService;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The prediction routes. They run on the event loop: analysis and classification are CPU-only and short, and
 * the cache is asynchronous (a Redis look-up never blocks the loop).
 */
@Path("/api/predict-query-type")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Prediction")
public class PredictionResource {

    @Inject
    PredictionService service;

    @POST
    @NonBlocking
    @Operation(summary = "Predict the type of one query")
    @APIResponse(responseCode = "200", description = "The prediction",
            content = @Content(schema = @Schema(implementation = PredictionResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid JSON, or a query that is missing, not a string, empty, over 1000 characters or with control characters",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<PredictionResponse> predict(PredictRequest request, io.vertx.ext.web.RoutingContext rc) {
        if (request == null) {
            throw ApiException.validation("request body is required: {\"query\": \"...\"}");
        }
        String query = QueryInput.cleanQuery(request.query(), "query");
        rc.put(io.qtp.observability.ErrorReporter.QUERY, query); // for an error report (SENTRY_SEND_QUERY)
        String userId = QueryInput.cleanUserId(request.userId());
        rc.put(io.qtp.observability.ErrorReporter.USER_ID, userId);
        return service.serve(query, userId).map(PredictionResponse::from);
    }

    @POST
    @Path("/batch")
    @NonBlocking
    @Operation(summary = "Predict the types of 1 to 100 queries")
    @APIResponse(responseCode = "200", description = "One result per query, in order",
            content = @Content(schema = @Schema(implementation = BatchPredictionResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid JSON, queries missing, empty, over 100 items, or an invalid query")
    public Uni<BatchPredictionResponse> batch(BatchPredictRequest request) {
        if (request == null) {
            throw ApiException.validation("request body is required: {\"queries\": [\"...\"]}");
        }
        List<String> queries = QueryInput.cleanBatch(request.queries());
        String userId = QueryInput.cleanUserId(request.userId());
        return service.serveAll(queries, userId).map(
                results -> new BatchPredictionResponse(results.stream().map(PredictionResponse::from).toList()));
    }
}
