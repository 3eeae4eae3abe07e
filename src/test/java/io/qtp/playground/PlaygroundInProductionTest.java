package io.qtp.playground;

import static io.qtp.support.ErrorEnvelope.assertError;
import static io.restassured.RestAssured.given;


import org.junit.jupiter.api.Test;

import io.qtp.support.ConfigOverrides;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** In production the playground is off unless QTP_PLAYGROUND_ENABLED says otherwise: every path a 404 envelope. */
@QuarkusTest
@TestProfile(PlaygroundInProductionTest.Production.class)
class PlaygroundInProductionTest {

    public static class Production extends ConfigOverrides { public Production() { super("qtp.production", "true"); } }

    @Test
    void everyPlaygroundPathIsNotFound() {
        for (String path : new String[] {"/playground", "/playground/app.js", "/playground/app.css", "/playground/config"}) {
            assertError(given().get(path), 404, "NotFoundError");
        }
        // the API itself is unaffected
        given().contentType("application/json").body("{\"query\": \"redis cluster failover\"}")
                .post("/api/predict-query-type").then().statusCode(200);
    }
}
