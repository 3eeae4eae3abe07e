package io.qtp.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

/** The one error envelope: {@code {"error": {"message", "type", "code", "errorId"?}}}. */
@Schema(name = "ErrorResponse", description = "Every error answers this envelope; no stack trace is ever included.")
public record ErrorResponse(Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ErrorBody")
    public record Body(
            @Schema(description = "What went wrong, for a human", examples = "query must not be empty") String message,
            @Schema(description = "Error type", examples = "ValidationError") String type,
            @Schema(description = "HTTP status code", examples = "400") int code,
            @Schema(description = "Only on 500: the id of the reported error event, to quote to support") String errorId) {
    }

    public static ErrorResponse of(ErrorType type, String message) {
        return new ErrorResponse(new Body(message, type.typeName(), type.status(), null));
    }

    public static ErrorResponse internal(String errorId) {
        return new ErrorResponse(new Body("Internal server error", ErrorType.INTERNAL.typeName(),
                ErrorType.INTERNAL.status(), errorId));
    }

    /** Ends a response with this envelope, for the Vert.x filters that answer before Quarkus REST runs. */
    public static void send(HttpServerResponse response, ErrorType type, String message) {
        response.setStatusCode(type.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(of(type, message)));
    }
}
