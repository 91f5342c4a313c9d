package dev.invitations.redemptionservice.webrole;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/web-roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Web roles", description = "Portal web roles that redemptions grant to the redeeming contact")
public class WebRoleResource {

    private final WebRoleService roles;

    public WebRoleResource(WebRoleService roles) {
        this.roles = roles;
    }

    @RolesAllowed(Roles.ACCOUNTS_ADMIN)
    @POST
    @Operation(summary = "Create a web role")
    @APIResponse(responseCode = "201", description = "Created; Location points at the new web role",
            content = @Content(schema = @Schema(implementation = WebRoleView.class)))
    @APIResponse(responseCode = "400", description = "The name is missing or blank, or a field is too long",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A web role with this name, ignoring case, already exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<WebRoleView>> create(@NotNull @Valid NewWebRole request, UriInfo uri) {
        return roles.create(request)
                .map(created -> RestResponse.ResponseBuilder.<WebRoleView>created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                        .entity(created)
                        .build());
    }

    @RolesAllowed({ Roles.ACCOUNTS_ADMIN, Roles.INVITATIONS_OPERATOR, Roles.SERVICE })
    @GET
    @Operation(summary = "List every web role", description = "Ordered by name. Web roles are a small catalogue, so there is no paging.")
    @APIResponse(responseCode = "200", description = "All web roles",
            content = @Content(schema = @Schema(implementation = WebRoleView.class, type = SchemaType.ARRAY)))
    public Uni<List<WebRoleView>> list() {
        return roles.list();
    }

    @RolesAllowed({ Roles.ACCOUNTS_ADMIN, Roles.INVITATIONS_OPERATOR, Roles.SERVICE })
    @GET
    @Path("/{id}")
    @Operation(summary = "Get a web role", description = "invitation-service calls this to check that an invitation's web roles exist.")
    @APIResponse(responseCode = "200", description = "The web role",
            content = @Content(schema = @Schema(implementation = WebRoleView.class)))
    @APIResponse(responseCode = "404", description = "No web role has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<WebRoleView> get(@PathParam("id") UUID id) {
        return roles.get(id);
    }

    @RolesAllowed(Roles.ACCOUNTS_ADMIN)
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a web role", description = "Also removes it from every contact that holds it. "
            + "Redemptions applied later that name it record it as not applied.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No web role has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return roles.delete(id);
    }
}
