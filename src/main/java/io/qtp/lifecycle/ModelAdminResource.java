package io.qtp.lifecycle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.qtp.http.ApiException;
import io.qtp.http.ErrorType;
import io.qtp.http.QueryInput;
import io.qtp.classify.trained.InvalidModelException;
import io.qtp.security.AdminOnly;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Model administration (admin key required): status, reload, blue/green traffic, promote, roll back.
 * File work runs on virtual threads, never on the event loop.
 */
@Path("/api/admin/model")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@Tag(name = "Model administration")
public class ModelAdminResource {

    @Schema(name = "TrafficRequest")
    public record TrafficRequest(
            @Schema(description = "Share of other traffic sent to the green model, 0 to 100") Integer greenPercent,
            @Schema(description = "Users who always get the green model") List<String> canaryUserIds) {
    }

    /** The canary list lives in traffic.json and in memory on every instance: keep it small. */
    static final int MAX_CANARY_USERS = 10_000;

    @Inject
    ModelRegistry registry;

    @GET
    @RunOnVirtualThread
    @Operation(summary = "The serving models, traffic split, last load and deployment history")
    public ModelStatus status() throws IOException {
        return ModelStatus.of(registry, registry.history());
    }

    @POST
    @Path("/reload")
    @RunOnVirtualThread
    @Operation(summary = "Reload the model directory now; a model that fails verification is rejected (409) and the old one keeps serving")
    public ModelStatus reload() throws IOException {
        if (registry.directory().isEmpty()) {
            throw new ApiException(ErrorType.CONFLICT, "MODEL_DIR is not set: the bundled model cannot be reloaded");
        }
        if (!registry.reload(true)) {
            ModelRegistry.LoadResult last = registry.lastLoad();
            throw new ApiException(ErrorType.CONFLICT, "model rejected, the previous model keeps serving: "
                    + (last == null ? "see the log" : last.error()));
        }
        return status();
    }

    @PUT
    @Path("/traffic")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Send a percentage of traffic and a list of canary users to the green model")
    public ModelStatus traffic(TrafficRequest request) throws IOException {
        if (request == null || request.greenPercent() == null) {
            throw ApiException.validation("greenPercent is required (0 to 100)");
        }
        if (request.greenPercent() < 0 || request.greenPercent() > 100) {
            throw ApiException.validation("greenPercent must be 0 to 100");
        }
        List<String> canary = new ArrayList<>();
        if (request.canaryUserIds() != null) {
            if (request.canaryUserIds().size() > MAX_CANARY_USERS) {
                throw ApiException.validation("canaryUserIds may list at most " + MAX_CANARY_USERS + " users");
            }
            for (String id : request.canaryUserIds()) {
                String cleaned = id == null ? null : QueryInput.cleanUserId(id);
                if (cleaned == null) {
                    throw ApiException.validation("canaryUserIds must hold non-empty strings");
                }
                canary.add(cleaned);
            }
        }
        try {
            registry.setTraffic(TrafficSplit.of(request.greenPercent(), canary));
        } catch (IllegalStateException e) {
            throw new ApiException(ErrorType.CONFLICT, e.getMessage());
        }
        return status();
    }

    @POST
    @Path("/promote")
    @RunOnVirtualThread
    @Operation(summary = "Make the green model current; the old current is kept for a roll-back")
    public ModelStatus promote() throws IOException {
        return change(registry::promote);
    }

    @POST
    @Path("/rollback")
    @RunOnVirtualThread
    @Operation(summary = "Make the previous model current again")
    public ModelStatus rollback() throws IOException {
        return change(registry::rollback);
    }

    /** A change of the serving models; one that cannot be made now answers 409 with the reason. */
    private interface ModelChange {
        Object apply() throws IOException, InvalidModelException;
    }

    private ModelStatus change(ModelChange change) throws IOException {
        try {
            change.apply();
        } catch (IllegalStateException | InvalidModelException e) {
            throw new ApiException(ErrorType.CONFLICT, e.getMessage());
        }
        return status();
    }
}
