package dev.invitations.workflowservice.definition;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.commons.security.Roles;
import dev.invitations.workflowservice.engine.DocumentFormat;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/workflows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Workflows", description = "Serverless Workflow DSL 1.0 definitions that run when an invitation naming them is redeemed")
public class WorkflowResource {

    static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    private static final String YAML = "application/yaml";
    private static final String PROBLEM = Problem.MEDIA_TYPE;

    private final WorkflowRegistry registry;

    public WorkflowResource(WorkflowRegistry registry) {
        this.registry = registry;
    }

    @RolesAllowed(Roles.WORKFLOWS_EDITOR)
    @PUT
    @Path("/{id}")
    @Consumes({YAML, "application/x-yaml", "text/yaml", "text/x-yaml", MediaType.APPLICATION_JSON})
    @Operation(summary = "Register a workflow document",
            description = "Parses the document (YAML or JSON, by Content-Type), validates it against the DSL 1.0 schema and this "
                    + "service's limits (no run, listen or schedule; only call: http), compiles it in the engine, and stores it "
                    + "as the workflow's next version. A new workflow starts active. The same content again changes nothing. "
                    + "Each document identity (document.namespace, name, version) stands for one content: change "
                    + "document.version when the content changes.")
    @RequestBody(required = true, description = "The workflow document", content = {
            @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT))})
    @APIResponse(responseCode = "201", description = "A new workflow, at version 1",
            content = @Content(schema = @Schema(implementation = WorkflowView.class)))
    @APIResponse(responseCode = "200", description = "A new version, or the current one when the content is unchanged",
            content = @Content(schema = @Schema(implementation = WorkflowView.class)))
    @APIResponse(responseCode = "400", description = "The id is malformed, or the document does not parse, validate or compile; the detail says why",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The document's identity is already registered with other content or under another id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The document is larger than workflow.definitions.max-document-bytes",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> register(
            @Parameter(description = "The workflow id invitations refer to") @PathParam("id") @Pattern(regexp = ID_PATTERN) String id,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType,
            String document,
            @Context UriInfo uri) {
        DocumentFormat format = MediaType.APPLICATION_JSON_TYPE.isCompatible(contentType) ? DocumentFormat.JSON : DocumentFormat.YAML;
        return registry.check(document, format)
                .flatMap(parsed -> registry.register(id, parsed))
                .onFailure(UniqueViolation::test).transform(e -> ProblemException.conflict("workflow-registered-concurrently",
                        "Workflow " + id + " was registered concurrently by another request; send it again"))
                .map(registration -> registration.outcome() == WorkflowRegistry.Outcome.CREATED
                        ? Response.created(uri.getAbsolutePath()).entity(registration.workflow()).build()
                        : Response.ok(registration.workflow()).build());
    }

    @RolesAllowed({ Roles.WORKFLOWS_EDITOR, Roles.INVITATIONS_OPERATOR, Roles.SERVICE })
    @GET
    @Operation(summary = "List workflows", description = "Every registered workflow with its current version, by id")
    @APIResponse(responseCode = "200", description = "The workflows",
            content = @Content(schema = @Schema(implementation = WorkflowView.class, type = SchemaType.ARRAY)))
    public Uni<List<WorkflowView>> list() {
        return registry.list();
    }

    @RolesAllowed({ Roles.WORKFLOWS_EDITOR, Roles.INVITATIONS_OPERATOR, Roles.SERVICE })
    @GET
    @Path("/{id}")
    @Operation(summary = "Read a workflow", description = "Whether it is active, its current version and every version before it")
    @APIResponse(responseCode = "200", description = "The workflow", content = @Content(schema = @Schema(implementation = WorkflowView.class)))
    @APIResponse(responseCode = "404", description = "No workflow has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Uni<WorkflowView> get(@PathParam("id") String id) {
        return registry.get(id);
    }

    @RolesAllowed({ Roles.WORKFLOWS_EDITOR, Roles.INVITATIONS_OPERATOR, Roles.SERVICE })
    @GET
    @Path("/{id}/versions/{version}")
    @Produces({YAML, MediaType.APPLICATION_JSON})
    @Operation(summary = "Read one version's document", description = "The document exactly as it was registered, in its own format")
    @APIResponse(responseCode = "200", description = "The document")
    @APIResponse(responseCode = "404", description = "No such workflow or version",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> document(@PathParam("id") String id, @PathParam("version") @Min(1) int version) {
        return registry.version(id, version)
                .map(stored -> Response.ok(stored.document, stored.format.mediaType()).build());
    }

    @RolesAllowed(Roles.WORKFLOWS_EDITOR)
    @POST
    @Path("/{id}/deactivate")
    @Operation(summary = "Deactivate a workflow",
            description = "Redemptions that name it from now on are recorded as FAULTED runs with the reason; runs already started go on")
    @APIResponse(responseCode = "200", description = "The workflow, inactive", content = @Content(schema = @Schema(implementation = WorkflowView.class)))
    @APIResponse(responseCode = "404", description = "No workflow has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Uni<WorkflowView> deactivate(@PathParam("id") String id) {
        return registry.setActive(id, false);
    }

    @RolesAllowed(Roles.WORKFLOWS_EDITOR)
    @POST
    @Path("/{id}/activate")
    @Operation(summary = "Activate a workflow", description = "Redemptions that name it start runs of its current version again")
    @APIResponse(responseCode = "200", description = "The workflow, active", content = @Content(schema = @Schema(implementation = WorkflowView.class)))
    @APIResponse(responseCode = "404", description = "No workflow has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Uni<WorkflowView> activate(@PathParam("id") String id) {
        return registry.setActive(id, true);
    }
}
