package io.qtp.support;

import static io.restassured.RestAssured.given;

/** The model loads in the background at start-up; tests that need it wait for readiness first. */
public final class Ready {

    private Ready() {
    }

    public static void awaitModel() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (given().get("/health/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the model did not load within 30 s: " + given().get("/health/details").asString());
            }
            Thread.sleep(50);
        }
    }
}
