package io.qtp.healthcheck;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One component of {@code /health/details}: {@code ok}, and when relevant whether it is configured, what
 * failed, how long the check took and what it found.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentStatus(boolean ok, Boolean configured, String error, Double latencyMs, Object detail) {

    public static ComponentStatus notConfigured(String why) {
        return new ComponentStatus(true, false, null, null, why);
    }

    public static ComponentStatus ok(double latencyMs, Object detail) {
        return new ComponentStatus(true, true, null, latencyMs, detail);
    }

    public static ComponentStatus failed(String error, Double latencyMs) {
        return new ComponentStatus(false, true, error, latencyMs, null);
    }
}
