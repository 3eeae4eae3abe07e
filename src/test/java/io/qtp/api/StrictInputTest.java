package io.qtp.api;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Strict input on every route that takes a body (issue 13): invisible-only texts, lone surrogates, invalid UTF-8,
 * trailing content, duplicate and unknown fields are 400s with a message that says what is wrong, never a 200 or
 * a 503 (no database is configured here, so a body that passed validation would be a 503 on feedback, search and
 * documents: every case below must be refused before that).
 */
@QuarkusTest
class StrictInputTest {

    static final String PREDICT = "/api/predict-query-type";
    static final String BATCH = "/api/predict-query-type/batch";
    static final String FEEDBACK = "/api/feedback";
    static final String SEARCH = "/api/search";
    static final String DOCUMENTS = "/api/documents";

    /** A JSON body for the route with the given text where the route's query (or a document's text) goes. */
    static String withText(String route, String jsonString) {
        return switch (route) {
            case BATCH -> "{\"queries\": [\"fine\", " + jsonString + "]}";
            case FEEDBACK -> "{\"query\": " + jsonString + ", \"predictedType\": \"keyword\", \"correctType\": \"hybrid\"}";
            case DOCUMENTS -> "{\"id\": \"d1\", \"content\": " + jsonString + "}";
            default -> "{\"query\": " + jsonString + "}";
        };
    }

    static String field(String route) {
        return switch (route) {
            case BATCH -> "queries[1]";
            case DOCUMENTS -> "document.content";
            default -> "query";
        };
    }

    static Stream<Arguments> invisibleOnly() {
        List<String> texts = List.of("\"\\u200b\\u200b\"", "\"\\ufeff\"", "\"\\u3000\\u00a0\\u3000\"", "\"\\u2060\\u200d\"",
                "\"\\u00ad\"", "\" \\u2028 \"");
        return Stream.of(PREDICT, BATCH, FEEDBACK, SEARCH, DOCUMENTS)
                .flatMap(route -> texts.stream().map(t -> Arguments.of(route, t)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invisibleOnly")
    void invisibleOnlyTextIsEmpty(String route, String text) {
        Response r = assertError(post(route, withText(route, text)), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).isEqualTo(field(route) + " must not be empty");
    }

    static Stream<String> routes() {
        return Stream.of(PREDICT, BATCH, FEEDBACK, SEARCH, DOCUMENTS);
    }

    @ParameterizedTest
    @MethodSource("routes")
    void loneSurrogateIsRejectedWithItsPosition(String route) {
        Response r = assertError(post(route, withText(route, "\"abc\\ud800def\"")), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message"))
                .isEqualTo(field(route) + " must not contain a lone surrogate (found U+D800 at index 3)");
    }

    @ParameterizedTest
    @MethodSource("routes")
    void marksOrPrivateUseOnlyHaveNothingToRead(String route) {
        Response r = assertError(post(route, withText(route, "\"\\u0301\\ue000\"")), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).startsWith(field(route) + " must contain at least one letter");
    }

    @ParameterizedTest
    @MethodSource("routes")
    void invalidUtf8SaysSo(String route) {
        // the overlong C0 AF ('/' to a lenient decoder), an encoded surrogate, a byte that is never UTF-8
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xFF})) {
            String[] parts = withText(route, "\"a@b\"").split("@");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
            body.writeBytes(bad);
            body.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
            Response r = assertError(given().contentType(ContentType.JSON).body(body.toByteArray()).post(route), 400,
                    "ValidationError");
            assertThat(r.jsonPath().getString("error.message")).startsWith("request body is not valid UTF-8")
                    .contains("at byte " + parts[0].length());
        }
    }

    @ParameterizedTest
    @MethodSource("routes")
    void oneJsonValuePerBody(String route) {
        String one = withText(route, "\"redis cluster\"");
        Response r = assertError(post(route, one + " " + one), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).startsWith("request body must be one JSON value");
        assertError(post(route, one + " trailing"), 400, "ValidationError");
        assertError(post(route, one + "}"), 400, "ValidationError");
        // whitespace after the value is fine: the body reaches validation (503 below: no database here)
        assertThat(post(route, one + " \n").statusCode()).isIn(200, 503);
    }

    @ParameterizedTest
    @MethodSource("routes")
    void unknownFieldsAreRefusedEverywhere(String route) {
        String body = withText(route, "\"redis cluster\"");
        body = body.substring(0, body.lastIndexOf('}')) + ", \"extra\": 1}";
        Response r = assertError(post(route, body), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("unknown field").contains("extra");
    }

    @ParameterizedTest
    @MethodSource("routes")
    void aFieldGivenTwiceIsRefused(String route) {
        String body = withText(route, "\"redis cluster\"");
        body = body.substring(0, body.lastIndexOf('}')) + (route.equals(DOCUMENTS) ? ", \"id\": \"d2\"}" : route.equals(BATCH)
                ? ", \"queries\": [\"x\"]}" : ", \"query\": \"other\"}");
        Response r = assertError(post(route, body), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("appears twice");
    }

    @Test
    void aCharsetOtherThanUtf8Is415() {
        Response r = assertError(given().contentType("application/json; charset=ISO-8859-1").body("{\"query\": \"a\"}")
                .post(PREDICT), 415, "UnsupportedMediaTypeError");
        assertThat(r.jsonPath().getString("error.message")).contains("utf-8");
        assertThat(given().contentType("application/json; charset=UTF-8").body("{\"query\": \"a b\"}").post(PREDICT)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void documentIdsFollowTheSameRules() {
        Response r = assertError(post(DOCUMENTS, "{\"id\": \"\\u00a0\", \"content\": \"text\"}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).isEqualTo("document.id must not be empty");
        r = assertError(post(DOCUMENTS, "[{\"id\": \"a\", \"content\": \"t\"}, {\"id\": \"\\u200b\", \"content\": \"t\"}]"), 400,
                "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).isEqualTo("documents[1].id must not be empty");
        r = assertError(post(DOCUMENTS, "{\"id\": \"a\\udc00\", \"content\": \"text\"}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("lone surrogate (found U+DC00 at index 1)");
        r = assertError(post(DOCUMENTS, "{\"id\": \"a\", \"content\": \"text\", \"metadata\": {\"k\": \"\\ud800\"}}"), 400,
                "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("document.metadata").contains("lone surrogate");
    }

    @Test
    void theQueryIsTrimmedOfInvisibleCharacters() {
        Response r = post(PREDICT, "{\"query\": \"\\ufeff\\u200bredis cluster failover\\u00a0\\u3000\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("query")).isEqualTo("redis cluster failover");
    }

    private static Response post(String path, String json) {
        return given().contentType(ContentType.JSON).body(json.getBytes(StandardCharsets.UTF_8)).post(path);
    }
}
