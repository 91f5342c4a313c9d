package dev.invitations.workflowservice.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.QueryParams;
import dev.invitations.commons.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/workflow-runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Workflow runs", description = "Runs started by redemptions: what each workflow did with each redeeming contact")
public class WorkflowRunResource {

    private static final String PROBLEM = Problem.MEDIA_TYPE;

    private final WorkflowRuns runs;
    private final RunDispatcher dispatcher;
    private final ObjectMapper json;

    public WorkflowRunResource(WorkflowRuns runs, RunDispatcher dispatcher, ObjectMapper json) {
        this.runs = runs;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    @RolesAllowed({ Roles.WORKFLOWS_EDITOR, Roles.INVITATIONS_OPERATOR })
    @GET
    @Operation(summary = "Find runs", description = "Runs matching every filter given, newest first")
    @APIResponse(responseCode = "200", description = "The runs",
            content = @Content(schema = @Schema(implementation = RunView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "A filter is malformed",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Uni<List<RunView>> find(
            @Parameter(description = "The redeeming contact's id") @QueryParam("contactId") String contactId,
            @Parameter(description = "The redeemed invitation's id") @QueryParam("invitationId") String invitationId,
            @Parameter(description = "RUNNING, COMPLETED or FAULTED") @QueryParam("status") String status,
            @Parameter(description = "The workflow's id") @QueryParam("workflowId") String workflowId,
            @Parameter(description = "Runs to skip") @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @Parameter(description = "Most runs returned") @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        WorkflowRuns.Filter filter = new WorkflowRuns.Filter(QueryParams.uuid("contactId", contactId), QueryParams.uuid("invitationId", invitationId),
                QueryParams.oneOf("status", status, RunStatus.class), workflowId);
        return runs.list(filter, offset, limit).map(found -> found.stream().map(this::view).toList());
    }

    @RolesAllowed({ Roles.WORKFLOWS_EDITOR, Roles.INVITATIONS_OPERATOR })
    @GET
    @Path("/{id}")
    @Operation(summary = "Read a run")
    @APIResponse(responseCode = "200", description = "The run", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "The id is not a UUID",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No run has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Uni<RunView> get(@PathParam("id") String id) {
        return runs.get(QueryParams.uuid("id", id)).map(this::view);
    }

    @RolesAllowed(Roles.WORKFLOWS_EDITOR)
    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Retry a FAULTED run",
            description = "Runs it again with the same input and the workflow's current version; the run is RUNNING again at once "
                    + "and its attempt count goes up when the engine starts it")
    @APIResponse(responseCode = "202", description = "The run, RUNNING", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "The id is not a UUID",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No run has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The run is not FAULTED, or its workflow is missing or inactive",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> retry(@PathParam("id") String id) {
        return runs.retry(QueryParams.uuid("id", id))
                .invoke(dispatcher::wake)
                .map(run -> Response.accepted(view(run)).build());
    }

    private RunView view(WorkflowRun run) {
        return new RunView(run.id, run.workflowId, run.workflowVersion, run.contactId, run.invitationId, run.eventId, run.status,
                tree(run.input), tree(run.output), run.error, run.attempt, run.createdAt, run.startedAt, run.endedAt);
    }

    private JsonNode tree(String stored) {
        try {
            return stored == null ? null : json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored run document is not JSON", e);
        }
    }


}
