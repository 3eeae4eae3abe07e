package io.qtp.store;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "FeedbackRequest")
public record FeedbackRequest(
        @Schema(required = true, minLength = 1, maxLength = 1000, description = "The query the prediction was for (same rules as for predictions)")
        String query,
        @Schema(required = true, enumeration = {"keyword", "semantic", "hybrid"}, description = "The type the service predicted")
        String predictedType,
        @Schema(enumeration = {"keyword", "semantic", "hybrid"}, description = "The type the query really is; correctType or clickedResultId is required")
        String correctType,
        @Schema(maxLength = 256, description = "The search result the user clicked; correctType or clickedResultId is required")
        String clickedResultId,
        @Schema(maxLength = 256, description = "Optional id of the user") String userId) {
}
