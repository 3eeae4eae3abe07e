package io.qtp.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;

/** Assertions on the API's one error envelope. */
public final class ErrorEnvelope {

    private ErrorEnvelope() {
    }

    /** Asserts status, envelope type and code, a non-empty message, JSON content and no stack trace. */
    public static Response assertError(Response r, int status, String type) {
        assertThat(r.statusCode()).as("status of %s", r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("error.type")).isEqualTo(type);
        assertThat(r.jsonPath().getInt("error.code")).isEqualTo(status);
        assertThat(r.jsonPath().getString("error.message")).isNotBlank();
        assertThat(r.asString()).doesNotContain("\tat ").doesNotContain("Exception:").doesNotContain(".java:");
        return r;
    }
}
