package io.qtp.search.web;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /api/search} (docs/SEARCH.md): adaptive hybrid search over the document store. */
@Path("/api/search")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search")
public class SearchResource {

    @Inject
    SearchService search;

    @POST
    @RunOnVirtualThread
    @Operation(summary = "Search the documents the way the query's predicted type calls for")
    @APIResponse(responseCode = "200", description = "Results with scores, plus queryType, strategy, weights and timings (ms)")
    @APIResponse(responseCode = "400", description = "Invalid query, limit, filters or strategy")
    @APIResponse(responseCode = "503", description = "The database is down or not configured, or the embedding model is still loading")
    public SearchService.Response search(SearchRequest request) {
        return search.search(request);
    }
}
