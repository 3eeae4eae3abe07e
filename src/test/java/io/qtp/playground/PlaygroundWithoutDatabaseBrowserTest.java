package io.qtp.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The playground in headless Chromium without a database (the default test profile): it says it can only predict,
 * predicts, and keeps the documents, search and feedback controls disabled.
 */
@QuarkusTest
class PlaygroundWithoutDatabaseBrowserTest {

    @TestHTTPResource("/playground")
    URL page;

    @Test
    void predictsAndSaysThatItCanDoNothingElse() throws Exception {
        io.qtp.support.Ready.awaitModel();
        try (Browser b = new Browser()) {
            b.driver.get(page.toString());
            b.awaitText("#status", "No database: prediction only");
            b.find("#query").sendKeys("ニューラルネットワークの学習方法について教えてください", Keys.ENTER);
            b.awaitVisible("#prediction");
            assertThat(b.awaitText("#predicted-type", "semantic").getText()).isEqualTo("semantic");
            assertThat(b.find("#language").getText()).isEqualTo("ja");
            List<WebElement> disabled = b.driver.findElements(By.cssSelector(
                    "#search, #add-document, #doc-id, #correct button"));
            assertThat(disabled).hasSize(6).allSatisfy(e -> assertThat(e.isEnabled()).isFalse());
            b.screenshot("playground-no-database");
        }
    }
}
