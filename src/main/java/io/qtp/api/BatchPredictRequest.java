package io.qtp.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "BatchPredictRequest")
public record BatchPredictRequest(
        @Schema(required = true, minItems = 1, maxItems = 100, description = "1 to 100 queries, each as in PredictRequest")
        List<String> queries,
        @Schema(description = "Optional id of the user issuing the queries", maxLength = 256) String userId) {
}
