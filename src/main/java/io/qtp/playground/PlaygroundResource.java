package io.qtp.playground;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.qtp.http.ApiException;
import io.qtp.http.ErrorType;
import io.qtp.classify.QueryType;
import io.qtp.config.AppConfig;
import io.qtp.search.StrategyChoice;
import io.qtp.search.web.Embeddings;
import io.qtp.search.web.SearchService;
import io.qtp.store.Database;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The playground page (issue 17; docs/PLAYGROUND.md): plain HTML, CSS and JavaScript from {@code playground/} in the
 * jar, read once, served at {@code /playground}. The page calls the public API (prediction, documents, search,
 * feedback) from the browser; {@code /playground/config} tells it what this instance can do (a database or not: the
 * page then offers prediction only and says so) and how search would choose for each type.
 *
 * <p>Exposure: {@code QTP_PLAYGROUND_ENABLED}; unset, it is on outside production and off with
 * {@code APP_ENV=production}. Off, every playground path is a 404 in the error envelope, like an unknown route.
 * Its Content-Security-Policy ({@code application.properties}) allows only its own script and style and calls to
 * this origin: no inline script or style.
 */
@Path("/playground")
@Tag(name = "Playground")
public class PlaygroundResource {

    private static final MediaType HTML = MediaType.valueOf("text/html;charset=UTF-8");
    private static final MediaType JS = MediaType.valueOf("text/javascript;charset=UTF-8");
    private static final MediaType CSS = MediaType.valueOf("text/css;charset=UTF-8");

    private final boolean enabled;
    private final Database database;
    private final SearchService search;
    private final Embeddings embeddings;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    public PlaygroundResource(AppConfig config, Database database, SearchService search, Embeddings embeddings) {
        this.enabled = enabled(config);
        this.database = database;
        this.search = search;
        this.embeddings = embeddings;
        for (String f : new String[] {"index.html", "app.js", "app.css"}) {
            files.put(f, read(f));
        }
    }

    /** Whether the page is served: {@code QTP_PLAYGROUND_ENABLED}, else on unless in production. */
    public static boolean enabled(AppConfig config) {
        return config.playground().enabled().orElse(!config.production());
    }

    @GET
    @NonBlocking
    @Operation(summary = "The playground page (404 when disabled: QTP_PLAYGROUND_ENABLED, off in production by default)")
    public RestResponse<byte[]> page() {
        return file("index.html", HTML);
    }

    @GET
    @Path("/app.js")
    @NonBlocking
    @Operation(hidden = true)
    public RestResponse<byte[]> script() {
        return file("app.js", JS);
    }

    @GET
    @Path("/app.css")
    @NonBlocking
    @Operation(hidden = true)
    public RestResponse<byte[]> style() {
        return file("app.css", CSS);
    }

    /** What the page needs to know: is there a database, and how search chooses per type. */
    @GET
    @Path("/config")
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    @Operation(summary = "The playground's view of this instance: database or not, search policy per type, fusion model")
    public Map<String, Object> config() {
        requireEnabled();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("database", database.configured());
        c.put("databaseNote", database.configured() ? "documents, search and feedback are available"
                : "no database (" + Database.NOT_CONFIGURED + "): prediction only; documents, search and feedback need one");
        c.put("embeddingsReady", embeddings.ready());
        Map<String, Object> policy = new LinkedHashMap<>();
        for (QueryType t : QueryType.values()) {
            policy.put(t.label(), choice(search.policy().choose(t)));
        }
        c.put("policy", policy);
        c.put("fusion", search.fusion().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", f.version());
            Map<String, Object> fixed = new LinkedHashMap<>();
            f.fixed().forEach((lang, choice) -> fixed.put(lang.code(), choice(choice)));
            m.put("fixed", fixed);
            return m;
        }).orElse(null));
        return c;
    }

    private static Map<String, Object> choice(StrategyChoice c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strategy", c.strategy().label());
        m.put("vector", c.vectorWeight());
        m.put("keyword", c.keywordWeight());
        return m;
    }

    private RestResponse<byte[]> file(String name, MediaType type) {
        requireEnabled();
        return RestResponse.ResponseBuilder.ok(files.get(name), type).header("Cache-Control", "no-cache").build();
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new ApiException(ErrorType.NOT_FOUND,
                    "the playground is disabled here (QTP_PLAYGROUND_ENABLED=true enables it; docs/PLAYGROUND.md)");
        }
    }

    private static byte[] read(String name) {
        try (InputStream in = PlaygroundResource.class.getClassLoader().getResourceAsStream("playground/" + name)) {
            if (in == null) {
                throw new IllegalStateException("playground/" + name + " is not in the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
