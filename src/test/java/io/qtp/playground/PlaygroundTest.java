package io.qtp.playground;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The playground as served without a database (the default test profile): the page, its script and style with their
 * types and a strict Content-Security-Policy (no inline script or style anywhere in the page), and the config that
 * tells the page it can only predict.
 */
@QuarkusTest
class PlaygroundTest {

    @Test
    void thePageItsScriptAndStyleAreServedUnderAStrictPolicy() {
        Response page = given().get("/playground");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().getValues("Content-Security-Policy")).hasSize(1);

        String html = page.asString();
        // every script is a file of this origin; no inline script, handler or style attribute
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int n = 0;
        while (scripts.find()) {
            assertThat(scripts.group(1)).contains("src=\"/playground/app.js\"");
            assertThat(scripts.group(2)).isBlank();
            n++;
        }
        assertThat(n).isEqualTo(1);
        assertThat(html).doesNotContainPattern("\\son[a-z]+=").doesNotContain("style=").doesNotContain("<style");
        // every input has a label
        Matcher inputs = Pattern.compile("<(?:input|textarea)[^>]*\\bid=\"([^\"]+)\"").matcher(html);
        while (inputs.find()) {
            assertThat(html).as("label for " + inputs.group(1)).contains("<label for=\"" + inputs.group(1) + "\"");
        }

        Response js = given().get("/playground/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.contentType()).startsWith("text/javascript");
        assertThat(js.asString()).contains("/api/predict-query-type").contains("/api/feedback");
        Response css = given().get("/playground/app.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
    }

    @Test
    void withoutADatabaseTheConfigSaysPredictionOnly() {
        Response c = given().get("/playground/config");
        assertThat(c.statusCode()).isEqualTo(200);
        assertThat(c.jsonPath().getBoolean("database")).isFalse();
        assertThat(c.jsonPath().getString("databaseNote")).contains("prediction only");
        for (String type : new String[] {"keyword", "semantic", "hybrid"}) {
            assertThat(c.jsonPath().getString("policy." + type + ".strategy")).isNotBlank();
            double v = c.jsonPath().getDouble("policy." + type + ".vector");
            assertThat(v + c.jsonPath().getDouble("policy." + type + ".keyword")).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        // the SPEC defaults: keyword queries lean on keyword search, semantic ones on vectors
        assertThat(c.jsonPath().getDouble("policy.keyword.keyword")).isGreaterThan(c.jsonPath().getDouble("policy.keyword.vector"));
        assertThat(c.jsonPath().getDouble("policy.semantic.vector")).isGreaterThan(c.jsonPath().getDouble("policy.semantic.keyword"));
    }
}
