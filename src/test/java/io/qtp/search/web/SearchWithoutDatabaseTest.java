package io.qtp.search.web;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** DATABASE_URL unset (the default profile): documents and search answer 503 naming the setting; bad input is 400 first. */
@QuarkusTest
class SearchWithoutDatabaseTest {

    static Response post(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).post(path);
    }

    @Test
    void documentsAre503WhenTheStoreIsNotConfigured() {
        Response r = assertError(post("/api/documents", "{\"id\":\"d1\",\"content\":\"text\",\"language\":\"en\"}"), 503,
                "ServiceUnavailableError");
        assertThat(r.jsonPath().getString("error.message")).contains("DATABASE_URL is not set");
    }

    @Test
    void searchIs503WhenTheStoreIsNotConfigured() {
        Response r = assertError(post("/api/search", "{\"query\":\"vector search\"}"), 503, "ServiceUnavailableError");
        assertThat(r.jsonPath().getString("error.message")).contains("DATABASE_URL is not set");
    }

    @Test
    void badInputIsStill400() {
        assertError(post("/api/search", "{\"query\":\"\"}"), 400, "ValidationError");
        assertError(post("/api/documents", "{\"content\":\"no id\"}"), 400, "ValidationError");
    }
}
