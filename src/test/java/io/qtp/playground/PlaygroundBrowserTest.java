package io.qtp.playground;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.qtp.support.PrivateSchemaProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The playground end to end in Debian's headless Chromium (issue 17), with a database: type a query (Enter), see the
 * type and its probabilities as the API gives them, load two documents through the page's form, search the three
 * ways side by side, mark a result relevant, and find the click in PostgreSQL (the feedback row with its queryId and
 * rank, the search's query_logs row counting it); then correct the type. Screenshots: {@link Browser}.
 */
@QuarkusTest
@TestProfile(PlaygroundBrowserTest.Profile.class)
class PlaygroundBrowserTest {

    /** A schema of this test's own: the page's search columns show only the documents it loads. */
    public static class Profile extends PrivateSchemaProfile {
    }

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TestHTTPResource("/playground")
    URL page;

    @Test
    void predictLoadSearchClickAndFindTheClickInPostgres() throws Exception {
        io.qtp.support.Ready.awaitModel();
        String query = "redis cluster failover";
        String expectedType = given().contentType("application/json").body("{\"query\": \"" + query + "\"}")
                .post("/api/predict-query-type").then().statusCode(200).extract().jsonPath().getString("predictedType");

        try (Browser b = new Browser()) {
            b.driver.get(page.toString());
            b.awaitText("#status", "Database connected");

            // 1. predict: typed, and submitted with the keyboard
            WebElement input = b.find("#query");
            assertThat(b.driver.switchTo().activeElement()).as("the query field has the focus").isEqualTo(input);
            input.sendKeys(query, Keys.ENTER);
            b.awaitVisible("#prediction");
            assertThat(b.awaitText("#predicted-type", expectedType).getText()).startsWith(expectedType);
            List<WebElement> rows = b.driver.findElements(By.cssSelector("#probabilities tr"));
            assertThat(rows).extracting(r -> r.getAttribute("data-type")).containsExactly("keyword", "semantic", "hybrid");
            double sum = 0;
            for (WebElement r : rows) {
                sum += Double.parseDouble(r.findElement(By.cssSelector("td.value")).getText().replace(" %", ""));
                assertThat(r.findElement(By.cssSelector(".bar")).getSize().getWidth()).isPositive();
            }
            assertThat(sum).isBetween(99.5, 100.5);
            assertThat(b.find("#language").getText()).isEqualTo("en");
            assertThat(b.find("#search-plan").getText()).isNotBlank();
            b.screenshot("playground-prediction");

            // 2. two documents through the form
            String redis = "redis-" + RUN;
            String pasta = "pasta-" + RUN;
            addDocument(b, redis, "Redis cluster failover", "When a Redis Cluster primary fails, a replica is promoted.");
            addDocument(b, pasta, "Cooking pasta", "Boil salted water and cook the spaghetti until it is al dente.");

            // 3. search three ways
            b.find("#search").click();
            for (String col : new String[] {"#col-keyword", "#col-vector", "#col-adaptive"}) {
                b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(col + " li[data-id]")));
            }
            assertThat(b.find("#col-keyword li[data-id]").getAttribute("data-id")).isEqualTo(redis);
            WebElement adaptive = b.find("#col-adaptive");
            List<String> shown = adaptive.findElements(By.cssSelector("li[data-id]")).stream()
                    .map(li -> li.getAttribute("data-id")).toList();
            assertThat(shown).contains(redis);
            String searchId = adaptive.getAttribute("data-query-id");
            b.screenshot("playground-search", "#documents-heading");

            // 4. mark the Redis document relevant in the adaptive column, with the keyboard
            WebElement relevant = adaptive.findElement(By.cssSelector("li[data-id='" + redis + "'] button.relevant"));
            relevant.sendKeys(Keys.ENTER);
            b.awaitText("#click-result", "Stored: " + redis + " is relevant");
            int rank = shown.indexOf(redis) + 1;
            assertThat(relevant.getText()).isEqualTo("Marked relevant");

            // ... and the click is in PostgreSQL: the feedback row, and the count on the search's log row
            try (Connection c = PrivateSchemaProfile.connect(Profile.class)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT clicked_result_id, clicked_rank, query,"
                        + " predicted_type FROM feedback WHERE query_id = ?::uuid")) {
                    ps.setString(1, searchId);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).as("feedback row for search " + searchId).isTrue();
                        assertThat(rs.getString(1)).isEqualTo(redis);
                        assertThat(rs.getInt(2)).isEqualTo(rank);
                        assertThat(rs.getString(3)).isEqualTo(query);
                        assertThat(rs.getString(4)).isEqualTo(expectedType);
                        assertThat(rs.next()).isFalse();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT click_count, strategy, result_count FROM"
                        + " query_logs WHERE query_id = ?::uuid")) {
                    ps.setString(1, searchId);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(1);
                        assertThat(rs.getString(2)).isNotBlank();
                        assertThat(rs.getInt(3)).isEqualTo(shown.size());
                    }
                }
            }

            // 5. correct the type: one of the two other types' buttons
            WebElement fix = b.driver.findElements(By.cssSelector("#correct button")).stream()
                    .filter(WebElement::isDisplayed).findFirst().orElseThrow();
            String correctType = fix.getAttribute("data-type");
            assertThat(correctType).isNotEqualTo(expectedType);
            fix.click();
            b.awaitText("#correct-result", "Stored");
            try (Connection c = PrivateSchemaProfile.connect(Profile.class);
                    PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM feedback WHERE query = ?"
                            + " AND correct_type = ? AND predicted_type = ? AND query_id IS NOT NULL")) {
                ps.setString(1, query);
                ps.setString(2, correctType);
                ps.setString(3, expectedType);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
            b.screenshot("playground-feedback", "#search-heading");
        }
    }

    private static void addDocument(Browser b, String id, String title, String content) {
        b.find("#doc-id").sendKeys(id);
        b.find("#doc-title").sendKeys(title);
        b.find("#doc-content").sendKeys(content);
        b.find("#add-document").click();
        b.awaitText("#document-result", "Stored document " + id);
    }
}
