package io.qtp.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Translates the service's documented environment variables (SPEC section 5: {@code APP_ENV}, {@code LOG_LEVEL},
 * {@code LOG_DIR}) into the Quarkus properties they imply.
 *
 * <p>Written by hand because these settings are conditional (JSON console only in production, a log file only
 * when {@code LOG_DIR} is set, a debug default outside production), which property expressions in
 * {@code application.properties} cannot express. Its ordinal sits above {@code application.properties} (250)
 * and below environment variables (300), so an explicit {@code QUARKUS_*} variable still wins.
 * Each variable is read from the environment, then from a system property of the same name.
 */
public final class EnvironmentConfigSource implements ConfigSource {

    public static final String SERVICE_NAME = "query-type-predictor";

    private final Map<String, String> properties;

    public EnvironmentConfigSource() {
        this(name -> {
            String v = System.getenv(name);
            return v != null ? v : System.getProperty(name);
        });
    }

    EnvironmentConfigSource(UnaryOperator<String> env) {
        this.properties = Collections.unmodifiableMap(derive(env));
    }

    static Map<String, String> derive(UnaryOperator<String> env) {
        Map<String, String> p = new HashMap<>();
        boolean production = isProduction(env.apply("APP_ENV"));
        p.put("qtp.production", Boolean.toString(production));
        p.put("quarkus.log.console.json.enabled", Boolean.toString(production));

        String level = blankToNull(env.apply("LOG_LEVEL"));
        p.put("quarkus.log.category.\"io.qtp\".level",
                level != null ? toJBossLevel(level) : production ? "INFO" : "DEBUG");

        String logDir = blankToNull(env.apply("LOG_DIR"));
        p.put("quarkus.log.file.enabled", Boolean.toString(logDir != null));
        if (logDir != null) {
            p.put("qtp.log.dir", logDir);
            p.put("quarkus.log.file.path", Path.of(logDir, "combined.log").toString());
            p.put("quarkus.log.file.json.enabled", "true");
        }
        return p;
    }

    /** {@code APP_ENV=production} (or {@code prod}) selects production; anything else is development. */
    public static boolean isProduction(String appEnv) {
        if (appEnv == null) {
            return false;
        }
        String v = appEnv.strip().toLowerCase(Locale.ROOT);
        return v.equals("production") || v.equals("prod");
    }

    /** Maps the seed's winston level names (error, warn, info, http, verbose, debug, silly) to JBoss levels. */
    static String toJBossLevel(String level) {
        return switch (level.strip().toLowerCase(Locale.ROOT)) {
            case "error", "fatal" -> "ERROR";
            case "warn", "warning" -> "WARN";
            case "info", "http" -> "INFO";
            case "verbose", "debug" -> "DEBUG";
            case "silly", "trace" -> "TRACE";
            default -> "INFO";
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "query-type-predictor-environment";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
