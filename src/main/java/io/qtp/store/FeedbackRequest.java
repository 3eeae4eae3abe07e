package io.qtp.store;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "FeedbackRequest")
public record FeedbackRequest(
        @Schema(minLength = 1, maxLength = 1000, description = "The query the prediction was for (same rules as for"
                + " predictions); required without queryId, else optional (it must then be the query of queryId)")
        String query,
        @Schema(enumeration = {"keyword", "semantic", "hybrid"}, description = "The type the service predicted;"
                + " required without queryId, else optional (it must then be the type predicted for queryId)")
        String predictedType,
        @Schema(enumeration = {"keyword", "semantic", "hybrid"}, description = "The type the query really is; correctType or clickedResultId is required")
        String correctType,
        @Schema(maxLength = 256, description = "The search result the user clicked; correctType or clickedResultId is required")
        String clickedResultId,
        @Schema(maxLength = 256, description = "Optional id of the user") String userId,
        @Schema(format = "uuid", description = "The queryId of the prediction or search the feedback is about (its"
                + " query_logs row); an unknown id is a 404")
        String queryId,
        @Schema(minimum = "1", maximum = "1000", description = "1-based rank of clickedResultId among the results the"
                + " user saw; for a search's queryId the service knows it (when given it must match)")
        Integer clickedRank) {
}
