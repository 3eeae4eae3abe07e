package io.qtp.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import io.qtp.support.ConfigOverrides;
import io.qtp.support.Ready;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The body timer only runs for requests that declare a body: with a 1 ms timeout, GETs and bodiless POSTs (which the
 * router holds paused, never "ended", while a slow route works, like an admin reload) must still get their answers,
 * never a 408. (Before the timer was limited to declared bodies, an admin reload that took longer than the timeout
 * under load was answered 408.)
 */
@QuarkusTest
@TestProfile(BodilessRequestTimeoutTest.Profile.class)
class BodilessRequestTimeoutTest {

    public static class Profile extends ConfigOverrides { public Profile() { super("qtp.http.body-timeout", "1ms", "qtp.security.admin-api-keys", "bodiless-admin"); } }

    @Test
    void requestsWithoutABodyAreNeverTimedOut() throws Exception {
        Ready.awaitModel();
        for (int i = 0; i < 20; i++) {
            assertThat(given().get("/health/details").statusCode()).isEqualTo(200);
            assertThat(given().get("/api-docs.json").statusCode()).isEqualTo(200);
            // a bodiless POST to a route that loads and verifies a model (tens of milliseconds at least)
            assertThat(given().header("X-API-Key", "bodiless-admin").post("/api/admin/model/reload").statusCode())
                    .isIn(200, 409);
        }
        // and a declared body that never comes still is
        assertThat(io.qtp.support.RawHttp.exchange(io.restassured.RestAssured.port,
                ("POST /api/predict-query-type HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 10_000).status()).isEqualTo(408);
        assertThat(given().contentType(ContentType.JSON).body("{\"query\": \"still fine\"}").post("/api/predict-query-type")
                .statusCode()).isIn(200, 408); // a real body may race a 1 ms timer: either answer, never a hang
    }
}
