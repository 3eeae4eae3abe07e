package io.qtp.observability;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logmanager.handlers.FileHandler;

import io.qtp.config.AppConfig;
import io.qtp.config.EnvironmentConfigSource;
import io.quarkus.logging.json.runtime.AdditionalField;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.quarkus.logging.json.runtime.JsonLogConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Writes {@code error.log} (errors only) beside {@code combined.log} under {@code LOG_DIR}, in the same JSON
 * format. Quarkus configures {@code combined.log} itself (its file handler), but its named file handlers cannot
 * format JSON, so this one is attached to the root logger here, with the JSON formatter of the extension.
 */
@Singleton
public class ErrorLogFile {

    private final Optional<Path> logDir;
    private FileHandler handler;

    public ErrorLogFile(AppConfig config) {
        this.logDir = config.log().dir();
    }

    void start(@Observes StartupEvent event) throws FileNotFoundException {
        if (logDir.isEmpty()) {
            return;
        }
        Path file = logDir.get().resolve("error.log");
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new FileNotFoundException("cannot create LOG_DIR " + logDir.get() + ": " + e.getMessage());
        }
        JsonFormatter formatter = new JsonFormatter(null, Set.of(),
                Map.of("service", new AdditionalField(EnvironmentConfigSource.SERVICE_NAME,
                        JsonLogConfig.AdditionalFieldConfig.Type.STRING)));
        formatter.setExceptionOutputType(org.jboss.logmanager.formatters.StructuredFormatter.ExceptionOutputType.FORMATTED);
        handler = new FileHandler(formatter);
        handler.setFile(file.toFile());
        handler.setAppend(true);
        handler.setAutoFlush(true);
        handler.setLevel(java.util.logging.Level.SEVERE);
        org.jboss.logmanager.Logger.getLogger("").addHandler(handler);
    }

    void stop(@Observes ShutdownEvent event) {
        if (handler != null) {
            org.jboss.logmanager.Logger.getLogger("").removeHandler(handler);
            handler.close();
        }
    }
}
