package io.qtp.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Security headers on every kind of response, a looser CSP only for the Swagger UI, no HSTS and no CORS by default. */
@QuarkusTest
class SecurityHeadersTest {

    private static void assertSecurityHeaders(Response r, String what) {
        assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(r.header("X-Frame-Options")).as(what).isEqualTo("DENY");
        assertThat(r.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
        assertThat(r.header("Content-Security-Policy")).as(what).contains("frame-ancestors 'none'");
        assertThat(r.header("Strict-Transport-Security")).as("no HSTS without TLS: " + what).isNull();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        Response ok = given().contentType(ContentType.JSON).body("{\"query\": \"headers\"}").post("/api/predict-query-type");
        assertSecurityHeaders(ok, "200 prediction");
        assertThat(ok.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertSecurityHeaders(given().contentType(ContentType.JSON).body("{\"query\": 1}").post("/api/predict-query-type"), "400");
        assertSecurityHeaders(given().get("/no/such/route"), "404");
        assertSecurityHeaders(given().get("/api/no-such-route"), "404 under /api");
        assertSecurityHeaders(given().contentType(ContentType.JSON).body("{\"query\": \"" + "x".repeat(70_000) + "\"}")
                .post("/api/predict-query-type"), "413");
        assertSecurityHeaders(given().get("/health"), "health");
        assertSecurityHeaders(given().get("/metrics"), "metrics");
    }

    @Test
    void theSwaggerUiGetsTheCspItNeeds() {
        Response ui = given().redirects().follow(true).get("/api-docs/");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.asString()).containsIgnoringCase("swagger");
        String csp = ui.header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self' 'unsafe-inline'").contains("style-src 'self' 'unsafe-inline'")
                .contains("frame-ancestors 'none'");
        assertThat(ui.header("X-Frame-Options")).isEqualTo("DENY");
        // Every script and stylesheet the page loads comes from the service itself (allowed by 'self').
        assertThat(ui.asString()).doesNotContainPattern("(src|href)=\"https?://");
        assertThat(given().get("/api-docs.json").header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }

    @Test
    void corsIsOffWithoutAllowedOrigins() {
        Response r = given().header("Origin", "https://elsewhere.example").contentType(ContentType.JSON)
                .body("{\"query\": \"cors\"}").post("/api/predict-query-type");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }
}
