package dev.invitations.portalweb.backend;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** workflow-service's workflow definitions and runs, as the signed-in workflow editor (role {@code workflows-editor}). */
@RegisterRestClient(configKey = "workflow-service")
@RegisterProvider(ProblemResponses.class)
@RegisterClientHeaders(SignedInPersonsToken.class)
@Produces(MediaType.APPLICATION_JSON)
public interface WorkflowsClient {

    String YAML = "application/yaml";

    @GET
    @Path("/workflows")
    List<Workflow> list();

    @GET
    @Path("/workflows/{id}")
    Workflow get(@PathParam("id") String id);

    /**
     * Registers a YAML document as the workflow's next version (version 1 of a new, active workflow); the same content
     * again changes nothing. Refused with 400 (errors[] names {@code document} or {@code id}), 409 or 413.
     */
    @PUT
    @Path("/workflows/{id}")
    @Consumes(YAML)
    Workflow registerYaml(@PathParam("id") String id, String document);

    /** {@link #registerYaml} for a JSON document: the service stores a document in the notation it came in. */
    @PUT
    @Path("/workflows/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Workflow registerJson(@PathParam("id") String id, String document);

    /** One version's document exactly as it was registered. */
    @GET
    @Path("/workflows/{id}/versions/{version}")
    @Produces({YAML, MediaType.APPLICATION_JSON})
    String document(@PathParam("id") String id, @PathParam("version") int version);

    @POST
    @Path("/workflows/{id}/activate")
    Workflow activate(@PathParam("id") String id);

    @POST
    @Path("/workflows/{id}/deactivate")
    Workflow deactivate(@PathParam("id") String id);

    /** Newest first; {@code status} null for every status. */
    @GET
    @Path("/workflow-runs")
    List<WorkflowRun> runs(@QueryParam("workflowId") String workflowId, @QueryParam("status") String status, @QueryParam("limit") int limit);

    /** Runs a FAULTED run again with the workflow's current version; 409 if it is not FAULTED or the workflow is inactive. */
    @POST
    @Path("/workflow-runs/{id}/retry")
    WorkflowRun retry(@PathParam("id") UUID id);
}
