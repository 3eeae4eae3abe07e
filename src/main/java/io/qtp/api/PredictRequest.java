package io.qtp.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PredictRequest")
public record PredictRequest(
        @Schema(required = true, minLength = 1, maxLength = 1000,
                description = "The search query (Japanese or English). HTML tags are stripped; control characters are rejected.",
                examples = "PostgreSQL ベクトル検索 インデックス") String query,
        @Schema(description = "Optional id of the user issuing the query", maxLength = 256) String userId) {
}
