package io.qtp.api;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Collections;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Every kind of bad input of README.md "Errors" and docs/RELIABILITY.md "Strict input" answers the right 4xx in the error envelope. */
@QuarkusTest
class BadInputTest {

    private static final String PREDICT = "/api/predict-query-type";
    private static final String BATCH = "/api/predict-query-type/batch";

    private static Response post(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).post(path);
    }

    @Test
    void missingBody() {
        Response r = assertError(given().contentType(ContentType.JSON).post(PREDICT), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("body is required");
    }

    @Test
    void invalidJson() {
        Response r = assertError(post(PREDICT, "{\"query\": \"abc\""), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("not valid JSON");
    }

    @Test
    void bodyThatIsNotAnObject() {
        assertError(post(PREDICT, "[\"abc\"]"), 400, "ValidationError");
        assertError(post(PREDICT, "\"abc\""), 400, "ValidationError");
    }

    @Test
    void queryMissing() {
        Response r = assertError(post(PREDICT, "{\"userId\": \"u\"}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("query is required");
    }

    @Test
    void queryNull() {
        Response r = assertError(post(PREDICT, "{\"query\": null}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("query is required");
    }

    @Test
    void queryNumber() {
        Response r = assertError(post(PREDICT, "{\"query\": 42}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).isEqualTo("query must be a string");
        assertError(post(PREDICT, "{\"query\": 4.2e300}"), 400, "ValidationError");
        assertError(post(PREDICT, "{\"query\": true}"), 400, "ValidationError");
    }

    @Test
    void queryArray() {
        Response r = assertError(post(PREDICT, "{\"query\": [\"a\", \"b\"]}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).isEqualTo("query must be a string");
    }

    @Test
    void queryObject() {
        assertError(post(PREDICT, "{\"query\": {\"text\": \"a\"}}"), 400, "ValidationError");
    }

    @Test
    void queryEmpty() {
        Response r = assertError(post(PREDICT, "{\"query\": \"\"}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).isEqualTo("query must not be empty");
    }

    @Test
    void queryWhitespaceOnly() {
        assertError(post(PREDICT, "{\"query\": \"  \\t\\n\\u3000 \"}"), 400, "ValidationError");
    }

    @Test
    void queryOnlyHtmlTags() {
        assertError(post(PREDICT, "{\"query\": \"<b></b><br/>\"}"), 400, "ValidationError");
    }

    @Test
    void queryOverOneThousandCharacters() {
        String ok = "a".repeat(1000);
        assertThat(post(PREDICT, "{\"query\": \"" + ok + "\"}").statusCode()).isEqualTo(200);
        Response r = assertError(post(PREDICT, "{\"query\": \"" + ok + "b\"}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("at most 1000 characters");
        // 1000 characters counted as code points: 1000 emoji are 2000 UTF-16 units and still valid.
        assertThat(post(PREDICT, "{\"query\": \"" + "😀".repeat(1000) + "\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void queryWithControlCharacters() {
        Response r = assertError(post(PREDICT, "{\"query\": \"abc\\u0000def\"}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("control characters");
        assertError(post(PREDICT, "{\"query\": \"bell\\u0007\"}"), 400, "ValidationError");
        assertError(post(PREDICT, "{\"query\": \"c1\\u0085\"}"), 400, "ValidationError");
    }

    @Test
    void userIdOfTheWrongType() {
        assertError(post(PREDICT, "{\"query\": \"abc\", \"userId\": 7}"), 400, "ValidationError");
    }

    @Test
    void bodyOver64KiBWithContentLength() {
        String big = "{\"query\": \"a\", \"pad\": \"" + "x".repeat(70 * 1024) + "\"}";
        assertError(post(PREDICT, big), 413, "PayloadTooLargeError");
    }

    @Test
    void bodyOver64KiBChunked() {
        byte[] big = ("{\"query\": \"a\", \"pad\": \"" + "x".repeat(70 * 1024) + "\"}").getBytes();
        // An InputStream body is sent with chunked transfer encoding: no Content-Length to check up front.
        Response r = given().contentType(ContentType.JSON).body(new ByteArrayInputStream(big)).post(PREDICT);
        assertError(r, 413, "PayloadTooLargeError");
    }

    @Test
    void wrongContentType() {
        Response r = given().contentType(ContentType.TEXT).body("query=abc").post(PREDICT);
        assertError(r, 415, "UnsupportedMediaTypeError");
        assertError(given().contentType("application/x-www-form-urlencoded").body("query=abc").post(PREDICT),
                415, "UnsupportedMediaTypeError");
    }

    @Test
    void batchOfZero() {
        Response r = assertError(post(BATCH, "{\"queries\": []}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("1 to 100");
    }

    @Test
    void batchOverOneHundred() {
        String queries = String.join(",", Collections.nCopies(101, "\"abc\""));
        Response r = assertError(post(BATCH, "{\"queries\": [" + queries + "]}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).contains("got 101");
    }

    @Test
    void batchMissingOrNotAnArray() {
        assertError(post(BATCH, "{}"), 400, "ValidationError");
        assertError(post(BATCH, "{\"queries\": \"abc\"}"), 400, "ValidationError");
    }

    @Test
    void batchWithAnInvalidItemNamesItsPosition() {
        Response r = assertError(post(BATCH, "{\"queries\": [\"ok\", 5]}"), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).isEqualTo("queries[1] must be a string");
        Response empty = assertError(post(BATCH, "{\"queries\": [\"ok\", \"ok\", \" \"]}"), 400, "ValidationError");
        assertThat(empty.jsonPath().getString("error.message")).isEqualTo("queries[2] must not be empty");
    }

    @Test
    void unknownRoute() {
        assertError(given().get("/api/nope/123"), 404, "NotFoundError");
        assertError(given().contentType(ContentType.JSON).body("{}").post("/nope"), 404, "NotFoundError");
    }

    @Test
    void wrongMethod() {
        assertError(given().get(PREDICT), 405, "MethodNotAllowedError");
    }
}
