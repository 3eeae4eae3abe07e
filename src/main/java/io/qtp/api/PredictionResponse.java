package io.qtp.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.qtp.classify.Prediction;
import io.qtp.classify.QueryType;
import io.qtp.prediction.PredictionResult;

/** The answer for one query, exactly the shape of README.md "Predict one query". */
@Schema(name = "PredictionResponse")
public record PredictionResponse(
        @Schema(description = "The query as classified (tags stripped, trimmed)") String query,
        @Schema(enumeration = {"keyword", "semantic", "hybrid"}) String predictedType,
        @Schema(description = "One entry per type, in the order keyword, semantic, hybrid; they sum to 1")
        List<TypeProbability> probabilities,
        @Schema(description = "The probability of the predicted type") double confidence,
        @Schema(enumeration = {"ja", "en"}) String language,
        @Schema(description = "Version of the model that served, e.g. rules-1") String modelVersion,
        @Schema(description = "True when the primary model could not serve and the rule-based scorer answered")
        boolean fallback,
        @Schema(description = "True when the prediction came from the cache") boolean fromCache,
        @Schema(description = "True when the service was under memory pressure or a long backlog and answered from the cache or with the rule-based scorer; false normally")
        boolean degraded,
        @Schema(format = "uuid", description = "Identifies this answer (its query_logs row): send it with feedback (POST /api/feedback) to correct the type")
        String queryId) {

    @Schema(name = "TypeProbability")
    public record TypeProbability(@Schema(enumeration = {"keyword", "semantic", "hybrid"}) String type,
            double probability) {
    }

    public static PredictionResponse from(PredictionResult r) {
        Prediction p = r.prediction();
        QueryType[] types = QueryType.values();
        TypeProbability[] probs = new TypeProbability[types.length];
        for (QueryType t : types) {
            probs[t.ordinal()] = new TypeProbability(t.label(), p.probability(t));
        }
        return new PredictionResponse(r.query(), p.type().label(), List.of(probs), p.confidence(),
                r.language().code(), p.modelVersion(), r.fallback(), r.fromCache(), r.degraded(),
                r.queryId().toString());
    }
}
