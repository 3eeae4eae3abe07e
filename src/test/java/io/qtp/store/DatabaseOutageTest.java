package io.qtp.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.qtp.support.ErrorEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The database's whole life with one running service, on a private PostgreSQL server ({@link PrivatePostgres}):
 * down when the service starts, started, stopped, started again. Predictions never fail; feedback is 202 only when
 * stored and 503 otherwise; {@code /health/details} reports the database for real within a second.
 */
@QuarkusTest
@TestProfile(PrivateDatabaseProfile.class)
class DatabaseOutageTest {

    private static final Logger LOG = Logger.getLogger(DatabaseOutageTest.class);

    static Response feedback(String query) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("query", query, "predictedType", "keyword", "correctType", "semantic"))
                .post("/api/feedback");
    }

    static void predictionWorks() {
        given().contentType(ContentType.JSON).body("{\"query\":\"how do vector databases work\"}")
                .post("/api/predict-query-type").then().statusCode(200);
    }

    /** /health/details, asserting it does not hang (its checks are bounded at 900 ms); returns the response. */
    static Response details() {
        long start = System.nanoTime();
        Response r = given().get("/health/details");
        long ms = (System.nanoTime() - start) / 1_000_000;
        LOG.infof("/health/details took %d ms: database %s", ms, r.jsonPath().getMap("components.database"));
        assertThat(ms).as("/health/details must not wait for the database (a hang, not a speed target)").isLessThan(10_000);
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }

    static void assertDatabaseDown() {
        long start = System.nanoTime();
        Response feedback = feedback("down " + UUID.randomUUID());
        LOG.infof("feedback answered %d in %d ms while the database is down", feedback.statusCode(),
                (System.nanoTime() - start) / 1_000_000);
        ErrorEnvelope.assertError(feedback, 503, "ServiceUnavailableError");
        assertThat(feedback.jsonPath().getString("error.message")).contains("database is unavailable");
        predictionWorks();
        Response d = details();
        assertThat(d.jsonPath().getString("status")).isEqualTo("degraded");
        assertThat(d.jsonPath().getBoolean("components.database.ok")).isFalse();
        assertThat(d.jsonPath().getString("components.database.error")).containsIgnoringCase("refused");
        assertThat(d.jsonPath().getDouble("components.database.latencyMs")).isLessThan(10_000.0);
        assertThat(d.jsonPath().getBoolean("components.model.ok")).isTrue();
    }

    /** Feedback is accepted again within ten seconds (stale pooled connections are replaced); returns the 202. */
    static Response awaitFeedbackAccepted(String query) throws InterruptedException {
        long start = System.nanoTime();
        Response r = null;
        int failures = 0;
        while (System.nanoTime() - start < 10_000_000_000L) {
            r = feedback(query);
            if (r.statusCode() == 202) {
                LOG.infof("feedback accepted %d ms after the database started (%d 503s before)",
                        (System.nanoTime() - start) / 1_000_000, failures);
                return r;
            }
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
            failures++;
            Thread.sleep(200);
        }
        throw new AssertionError("feedback not accepted within 10 s after the database started: " + r.asString());
    }

    static List<Map<String, Object>> select(String sql, Object... args) throws Exception {
        return Jdbc.query(PrivatePostgres.jdbcUrl(), "postgres", "", sql, args);
    }

    @Test
    void downAtStartThenUpThenDownThenUp() throws Exception {
        io.qtp.support.Ready.awaitModel();

        // 1. the server was not running when the service started: the service runs, the database is reported down
        assertDatabaseDown();

        // 2. started: feedback stored (the schema is migrated on first use), predictions logged
        long t = System.nanoTime();
        PrivatePostgres.start();
        LOG.infof("private PostgreSQL started in %d ms", (System.nanoTime() - t) / 1_000_000);
        String first = "first " + UUID.randomUUID();
        long id = awaitFeedbackAccepted(first).jsonPath().getLong("id");
        assertThat(select("SELECT query, correct_type FROM feedback WHERE id = ?", id))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("query", first)
                        .containsEntry("correct_type", "semantic"));
        assertThat(details().jsonPath().getBoolean("components.database.ok")).isTrue();
        predictionWorks();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (select("SELECT id FROM query_logs").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(select("SELECT id FROM query_logs")).isNotEmpty();

        // 3. stopped while the service runs
        t = System.nanoTime();
        PrivatePostgres.stop();
        LOG.infof("private PostgreSQL stopped in %d ms", (System.nanoTime() - t) / 1_000_000);
        assertDatabaseDown();
        assertDatabaseDown(); // twice: stale pooled connections and a refused server both answer 503

        // 4. started again: no restart of the service needed
        PrivatePostgres.start();
        String again = "again " + UUID.randomUUID();
        long id2 = awaitFeedbackAccepted(again).jsonPath().getLong("id");
        assertThat(id2).isGreaterThan(id);
        assertThat(select("SELECT query FROM feedback WHERE id = ?", id2)).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("query", again));
        Response d = details();
        assertThat(d.jsonPath().getBoolean("components.database.ok")).as(d.asString()).isTrue();
        assertThat(d.jsonPath().getString("status")).isEqualTo("ok");
        predictionWorks();
    }
}
