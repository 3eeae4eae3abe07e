package io.qtp.observability;

import java.util.UUID;

import org.jboss.logging.Logger;

import io.qtp.classify.QueryClassifier;
import io.qtp.config.AppConfig;
import io.qtp.http.RequestContext;
import io.qtp.lifecycle.ModelRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.SentryId;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Reports unhandled errors to Sentry when {@code SENTRY_DSN} is set (the Sentry Java SDK, which queues and sends
 * events on its own thread). Each event carries the tags {@code route} (the template), {@code method},
 * {@code request_id} and {@code model_version}; the query text is attached only when {@code SENTRY_SEND_QUERY=true}
 * (queries may be personal data). The id it returns is the 500 envelope's {@code errorId}: the Sentry event id when
 * reporting, a random id (logged with the error) otherwise.
 */
@Singleton
public class ErrorReporter {

    private static final Logger LOG = Logger.getLogger(ErrorReporter.class);
    /** Routing-context key of the query being served (set by the prediction routes), for error reports. */
    public static final String QUERY = "qtp.query";
    /** Routing-context key of the request's user id, which picks the model (blue/green) that the report names. */
    public static final String USER_ID = "qtp.user-id";

    private final AppConfig.Sentry config;
    private final String environment;
    private final ModelRegistry models;
    private volatile boolean enabled;

    public ErrorReporter(AppConfig config, ModelRegistry models) {
        this.config = config.sentry();
        this.environment = config.environment();
        this.models = models;
    }

    void start(@Observes StartupEvent event) {
        String dsn = config.dsn().map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (dsn == null) {
            LOG.info("SENTRY_DSN is not set: unhandled errors are logged only");
            return;
        }
        Sentry.init(options -> {
            options.setDsn(dsn);
            options.setEnvironment(environment);
            options.setSendDefaultPii(false);
            options.setAttachServerName(true);
            options.setShutdownTimeoutMillis(2000);
        });
        enabled = Sentry.isEnabled();
        LOG.infof("Unhandled errors are reported to Sentry%s", config.sendQuery() ? " with the query text" : "");
    }

    void stop(@Observes ShutdownEvent event) {
        if (enabled) {
            Sentry.close();
        }
    }

    /** Reports an unhandled error and returns its id for the 500 envelope. */
    public String report(Throwable error, RoutingContext rc) {
        if (!enabled) {
            return UUID.randomUUID().toString();
        }
        SentryEvent event = new SentryEvent(error);
        event.setLevel(SentryLevel.ERROR);
        String route = rc.get(RequestContext.ROUTE);
        event.setTag("route", route != null ? route : HttpObservability.UNMATCHED);
        event.setTag("method", rc.request().method().name());
        event.setTag("request_id", RequestContext.requestId(rc));
        // The model this request was routed to: by its user id when it had one (stable), else the current model.
        Object userId = rc.get(USER_ID);
        QueryClassifier model = userId != null ? models.select(userId.toString())
                : models.deployment().current() == null ? null : models.deployment().current().classifier();
        event.setTag("model_version", model == null ? "none" : model.version());
        if (config.sendQuery()) {
            Object query = rc.get(QUERY);
            if (query != null) {
                event.setExtra("query", query.toString());
            }
        }
        SentryId id = Sentry.captureEvent(event);
        return SentryId.EMPTY_ID.equals(id) ? UUID.randomUUID().toString() : id.toString();
    }
}
