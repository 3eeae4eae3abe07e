package io.qtp.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables the service reads, derived from the application itself rather than kept by hand:
 * every {@code ${VAR} / ${VAR:default}} expression in {@code application.properties}, plus every name
 * {@link EnvironmentConfigSource} asks for (found by running its derivation with a recording environment, once
 * with nothing set and once with everything set, so that names read only conditionally are found too).
 * Deployment tests check the shipped configurations against this set.
 */
public final class AppEnvironment {

    private static final Pattern ENV_EXPRESSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private AppEnvironment() {
    }

    public static Set<String> namesRead() {
        Set<String> names = new TreeSet<>(fromApplicationProperties());
        names.addAll(fromEnvironmentConfigSource());
        return names;
    }

    static Set<String> fromApplicationProperties() {
        Set<String> names = new TreeSet<>();
        Matcher m = ENV_EXPRESSION.matcher(applicationProperties());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static Set<String> fromEnvironmentConfigSource() {
        Set<String> names = new TreeSet<>();
        record(names, name -> null);
        // a value every reader accepts: a postgres:// URL is also a valid path, level name (unknown -> INFO) and port text
        record(names, name -> "postgres://user:secret@localhost:5432/qtp");
        return names;
    }

    private static void record(Set<String> names, UnaryOperator<String> values) {
        EnvironmentConfigSource.derive(name -> {
            names.add(name);
            return values.apply(name);
        });
    }

    /** The app's default for {@code ${VAR:default}} in application.properties, or null when it has none. */
    public static String defaultOf(String variable) {
        Matcher m = Pattern.compile("\\$\\{" + Pattern.quote(variable) + ":([^}]*)}").matcher(applicationProperties());
        return m.find() ? m.group(1) : null;
    }

    public static String applicationProperties() {
        try (InputStream in = AppEnvironment.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
