package io.qtp.http;

/** The error types of the API's one error envelope, each with its HTTP status (README.md, "Errors"). */
public enum ErrorType {
    VALIDATION(400, "ValidationError"),
    AUTHENTICATION(401, "AuthenticationError"),
    FORBIDDEN(403, "ForbiddenError"),
    NOT_FOUND(404, "NotFoundError"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowedError"),
    NOT_ACCEPTABLE(406, "NotAcceptableError"),
    REQUEST_TIMEOUT(408, "RequestTimeoutError"),
    CONFLICT(409, "ConflictError"),
    PAYLOAD_TOO_LARGE(413, "PayloadTooLargeError"),
    UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaTypeError"),
    UNPROCESSABLE_CONTENT(422, "UnprocessableContentError"),
    RATE_LIMIT(429, "RateLimitError"),
    INTERNAL(500, "InternalError"),
    SERVICE_UNAVAILABLE(503, "ServiceUnavailableError");

    private final int status;
    private final String typeName;

    ErrorType(int status, String typeName) {
        this.status = status;
        this.typeName = typeName;
    }

    public int status() {
        return status;
    }

    public String typeName() {
        return typeName;
    }

    /** The type for an HTTP status; a 4xx without a type of its own is a validation error. */
    public static ErrorType forStatus(int status) {
        for (ErrorType t : values()) {
            if (t.status == status) {
                return t;
            }
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }
}
