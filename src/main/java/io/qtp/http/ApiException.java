package io.qtp.http;

/** A client-visible failure: answered as the error envelope with the type's status. No stack trace is kept. */
public class ApiException extends RuntimeException {

    private final ErrorType type;

    public ApiException(ErrorType type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorType.VALIDATION, message);
    }

    public ErrorType type() {
        return type;
    }

    public ErrorResponse toResponse() {
        return ErrorResponse.of(type, getMessage());
    }
}
