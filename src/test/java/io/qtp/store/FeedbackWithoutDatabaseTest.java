package io.qtp.store;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** DATABASE_URL unset (the default profile): feedback says so with a 503; bad input is a 400 first. */
@QuarkusTest
class FeedbackWithoutDatabaseTest {

    static Response post(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/feedback");
    }

    @Test
    void validFeedbackIs503NamingTheMissingSetting() {
        Response r = assertError(post("{\"query\":\"postgres index\",\"predictedType\":\"keyword\",\"correctType\":\"hybrid\"}"),
                503, "ServiceUnavailableError");
        assertThat(r.jsonPath().getString("error.message")).contains("DATABASE_URL is not set");
    }

    @Test
    void predictionsStillWork() {
        given().contentType(ContentType.JSON).body("{\"query\":\"postgres index\"}").post("/api/predict-query-type")
                .then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"predictedType\":\"keyword\",\"correctType\":\"hybrid\"}",
        "{\"query\":\"  \",\"predictedType\":\"keyword\",\"correctType\":\"hybrid\"}",
        "{\"query\":\"a\\u0001b\",\"predictedType\":\"keyword\",\"correctType\":\"hybrid\"}",
        "{\"query\":\"q\",\"correctType\":\"hybrid\"}",
        "{\"query\":\"q\",\"predictedType\":\"vector\",\"correctType\":\"hybrid\"}",
        "{\"query\":\"q\",\"predictedType\":\"keyword\",\"correctType\":\"other\"}",
        "{\"query\":\"q\",\"predictedType\":\"keyword\"}",
        "{\"query\":\"q\",\"predictedType\":\"keyword\",\"correctType\":null,\"clickedResultId\":\"  \"}",
        "{\"query\":\"q\",\"predictedType\":42,\"correctType\":\"hybrid\"}",
        "{\"query\":\"q\",\"predictedType\":\"keyword\",\"clickedResultId\":\"LONG\"}",
        "{\"query\":\"q\",\"predictedType\":\"keyword\",\"correctType\":\"hybrid\",\"userId\":\"LONG\"}",
        "not json",
    })
    void invalidInputIs400(String json) {
        String body = json.replace("LONG", "x".repeat(257));
        Response r = assertError(post(body), 400, "ValidationError");
        assertThat(r.jsonPath().getString("error.message")).isNotBlank();
    }

    @Test
    void messagesNameTheField() {
        assertThat(post("{\"query\":\"q\",\"predictedType\":\"keyword\"}").jsonPath().getString("error.message"))
                .contains("correctType or clickedResultId is required");
        assertThat(post("{\"query\":\"q\",\"predictedType\":\"x\",\"correctType\":\"hybrid\"}").jsonPath()
                .getString("error.message")).contains("predictedType must be keyword, semantic or hybrid");
        assertThat(post("{\"query\":\"q\",\"predictedType\":\"keyword\",\"clickedResultId\":\"" + "x".repeat(257) + "\"}")
                .jsonPath().getString("error.message")).contains("clickedResultId must be at most 256");
    }
}
