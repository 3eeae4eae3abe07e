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
 * Translates the service's documented environment variables (README.md "Configuration": {@code APP_ENV}, {@code LOG_LEVEL},
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
        this(EnvironmentConfigSource::variable);
    }

    /** A variable as the service reads it: from the environment, else a system property of the same name. */
    public static String variable(String name) {
        String v = System.getenv(name);
        return v != null ? v : System.getProperty(name);
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
        deriveDatabase(env, p);
        deriveRedis(env, p);
        deriveTlsAndCors(env, p);
        return p;
    }

    /**
     * {@code DATABASE_URL} is a JDBC URL ({@code jdbc:postgresql://host:5432/db}) or a {@code postgres://user:pass@host/db}
     * URL; {@code DATABASE_USER} / {@code DATABASE_PASSWORD} override credentials from the URL. Without it the
     * datasource stays inactive and the features that need it say so. The command-line tools read it here too
     * ({@code io.qtp.cli.ToolSettings}).
     */
    public static void deriveDatabase(UnaryOperator<String> env, Map<String, String> p) {
        String url = blankToNull(env.apply("DATABASE_URL"));
        p.put("quarkus.datasource.active", Boolean.toString(url != null));
        if (url == null) {
            return;
        }
        String user = null;
        String password = null;
        String jdbc = url;
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            java.net.URI uri = java.net.URI.create(url);
            String info = uri.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
            }
            jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        p.put("quarkus.datasource.jdbc.url", jdbc);
        String envUser = blankToNull(env.apply("DATABASE_USER"));
        String envPassword = env.apply("DATABASE_PASSWORD");
        if (envUser != null || user != null) {
            p.put("quarkus.datasource.username", envUser != null ? envUser : user);
        }
        if (envPassword != null || password != null) {
            p.put("quarkus.datasource.password", envPassword != null ? envPassword : password);
        }
    }

    /** {@code REDIS_HOST} (+ {@code REDIS_PORT}, default 6379) enables the shared Redis cache. */
    static void deriveRedis(UnaryOperator<String> env, Map<String, String> p) {
        String host = blankToNull(env.apply("REDIS_HOST"));
        p.put("qtp.cache.redis-enabled", Boolean.toString(host != null));
        if (host != null) {
            String port = blankToNull(env.apply("REDIS_PORT"));
            p.put("quarkus.redis.hosts", "redis://" + host + ":" + (port == null ? "6379" : port));
        }
    }

    /**
     * {@code TLS_CERT_FILE} + {@code TLS_KEY_FILE} (PEM) turn HTTPS on at {@code TLS_PORT} (default 3443) and add
     * {@code Strict-Transport-Security}; {@code ALLOWED_ORIGINS} (comma-separated) turns CORS on for those origins.
     */
    static void deriveTlsAndCors(UnaryOperator<String> env, Map<String, String> p) {
        String cert = blankToNull(env.apply("TLS_CERT_FILE"));
        String key = blankToNull(env.apply("TLS_KEY_FILE"));
        boolean tls = cert != null && key != null;
        p.put("qtp.tls.enabled", Boolean.toString(tls));
        if (tls) {
            p.put("quarkus.http.ssl.certificate.files", cert);
            p.put("quarkus.http.ssl.certificate.key-files", key);
            String port = blankToNull(env.apply("TLS_PORT"));
            p.put("quarkus.http.ssl-port", port == null ? "3443" : port);
            p.put("quarkus.http.header.\"Strict-Transport-Security\".value", "max-age=31536000; includeSubDomains");
        }
        String origins = blankToNull(env.apply("ALLOWED_ORIGINS"));
        p.put("quarkus.http.cors.enabled", Boolean.toString(origins != null));
        if (origins != null) {
            p.put("quarkus.http.cors.origins", origins);
        }
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
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
