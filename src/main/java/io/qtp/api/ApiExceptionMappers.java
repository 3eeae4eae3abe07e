package io.qtp.api;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.qtp.http.ApiException;
import io.qtp.http.ErrorResponse;
import io.qtp.http.ErrorType;
import io.qtp.http.RequestContext;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/**
 * Maps every failure to the one error envelope. Client errors are logged at WARN with the request id;
 * anything unexpected is reported ({@code observability.ErrorReporter}: Sentry when {@code SENTRY_DSN} is set),
 * logged at ERROR with its stack trace and answered as a 500 whose {@code errorId} is the reported event's id. No stack trace ever reaches the client.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    private final io.qtp.observability.ErrorReporter reporter;

    public ApiExceptionMappers(io.qtp.observability.ErrorReporter reporter) {
        this.reporter = reporter;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> api(ApiException e, RoutingContext rc) {
        return clientError(e.type(), e.getMessage(), rc);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> json(JsonProcessingException e, RoutingContext rc) {
        return clientError(ErrorType.VALIDATION, describe(e), rc);
    }

    /** More specific than Quarkus's built-in mapper for this type, which answers a bare 400. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> mismatch(MismatchedInputException e, RoutingContext rc) {
        return json(e, rc);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> web(WebApplicationException e, RoutingContext rc) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, rc);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, rc);
        }
        ErrorType type = ErrorType.forStatus(status);
        return clientError(type, messageFor(type, rc), rc);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public RestResponse<ErrorResponse> unexpected(Throwable e, RoutingContext rc) {
        if (e instanceof ApiException api) {
            return api(api, rc);
        }
        if (io.qtp.observability.HttpObservability.brokenFraming(e) && !rc.response().closed()) {
            return clientError(ErrorType.VALIDATION, "request body framing is invalid (chunked encoding)", rc);
        }
        if (rc.response().closed() || rc.response().ended() || clientClosed(e)
                || io.qtp.observability.HttpObservability.brokenFraming(e)) {
            // The client went away (or the body timer answered 408 and closed): nothing failed here and no one is
            // there to read an answer. Not an error, not a report: one line, and the access log says 499.
            LOG.infof("Client closed the connection before the request was complete on %s %s (%s; requestId=%s)",
                    rc.request().method(), rc.request().path(), e.getClass().getSimpleName(), RequestContext.requestId(rc));
            return envelope(io.qtp.observability.HttpObservability.CLIENT_CLOSED,
                    ErrorResponse.of(ErrorType.VALIDATION, "client closed the connection"));
        }
        String errorId = reporter.report(e, rc);
        LOG.errorf(e, "Unhandled error %s on %s %s (requestId=%s)", errorId, rc.request().method(),
                rc.request().path(), RequestContext.requestId(rc));
        return envelope(500, ErrorResponse.internal(errorId));
    }

    /** Vert.x's and Netty's ways of saying the connection is gone, anywhere in the cause chain. */
    static boolean clientClosed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.equals("Connection was closed") || m.contains("Connection reset")
                    || m.contains("Broken pipe"))) {
                return true;
            }
        }
        return false;
    }

    static RestResponse<ErrorResponse> clientError(ErrorType type, String message, RoutingContext rc) {
        LOG.warnf("Rejected %s %s with %d %s: %s (requestId=%s)", rc.request().method(), rc.request().path(),
                type.status(), type.typeName(), message, RequestContext.requestId(rc));
        return envelope(type.status(), ErrorResponse.of(type, message));
    }

    private static RestResponse<ErrorResponse> envelope(int status, ErrorResponse body) {
        return RestResponse.ResponseBuilder.<ErrorResponse> create(status).entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static String messageFor(ErrorType type, RoutingContext rc) {
        return switch (type) {
            case NOT_FOUND -> "no route for " + rc.request().method() + " " + rc.request().path();
            case METHOD_NOT_ALLOWED -> "method " + rc.request().method() + " is not allowed on " + rc.request().path();
            case UNSUPPORTED_MEDIA_TYPE -> "Content-Type must be application/json";
            case NOT_ACCEPTABLE -> "this route answers application/json only";
            case PAYLOAD_TOO_LARGE -> "request body is too large";
            default -> "invalid request";
        };
    }

    /** A message that tells the client what to fix, without echoing parser internals. */
    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String where = fieldPath(u);
            String parent = where.contains(".") ? where.substring(0, where.lastIndexOf('.')) + "." : "";
            java.util.List<String> known = u.getKnownPropertyIds() == null ? java.util.List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return "unknown field '" + parent + u.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : " (fields: " + String.join(", ", known) + ")");
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Trailing token")) {
            return "request body must be one JSON value; more content follows it" + at(e);
        }
        if (original.startsWith("Duplicate field")) {
            int q = original.indexOf('\'');
            String name = q < 0 ? "" : original.substring(q, original.indexOf('\'', q + 1) + 1);
            return "field " + name + " appears twice" + at(e);
        }
        if (e instanceof MismatchedInputException m) {
            String field = fieldPath(m);
            if (field.isEmpty()) {
                return m.getOriginalMessage() != null && m.getOriginalMessage().startsWith("No content")
                        ? "request body is required"
                        : "request body must be a JSON object";
            }
            Class<?> target = m.getTargetType();
            String expected = target == null ? "of another type"
                    : java.util.Collection.class.isAssignableFrom(target) ? "an array of strings"
                    : target == String.class ? "a string" : "of another type";
            return field + " must be " + expected;
        }
        if (e instanceof JsonMappingException m && !fieldPath(m).isEmpty()) {
            return fieldPath(m) + " is invalid";
        }
        return "request body is not valid JSON" + at(e);
    }

    private static String at(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
