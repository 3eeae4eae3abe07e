package io.qtp.healthcheck;

/**
 * A dependency that {@code /health/details} checks for real (database, cache, broker). Implementations are
 * beans; {@link #check()} may block (it runs on a virtual thread) and is given at most one second, after which
 * the component is reported as not answering.
 */
public interface DependencyCheck {

    /** The component's name in {@code /health/details}, e.g. {@code database}. */
    String name();

    /** Checks the dependency now; a component that is not configured answers {@link ComponentStatus#notConfigured}. */
    ComponentStatus check();
}
