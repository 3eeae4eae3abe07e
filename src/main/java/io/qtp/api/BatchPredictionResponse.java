package io.qtp.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "BatchPredictionResponse")
public record BatchPredictionResponse(
        @Schema(description = "One result per query, in the order of the request") List<PredictionResponse> results) {
}
