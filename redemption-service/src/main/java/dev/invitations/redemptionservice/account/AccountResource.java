package dev.invitations.redemptionservice.account;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts", description = "Accounts a redeeming contact can be assigned to as parent customer")
public class AccountResource {

    private final AccountService accounts;

    public AccountResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @RolesAllowed(Roles.ACCOUNTS_ADMIN)
    @POST
    @Operation(summary = "Create an account")
    @APIResponse(responseCode = "201", description = "Created; Location points at the new account",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", description = "The name is missing, blank or longer than 200 characters",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<AccountView>> create(@NotNull @Valid NewAccount request, UriInfo uri) {
        return accounts.create(request)
                .map(created -> RestResponse.ResponseBuilder.<AccountView>created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                        .entity(created)
                        .build());
    }

    @RolesAllowed({ Roles.ACCOUNTS_ADMIN, Roles.INVITATIONS_OPERATOR, Roles.SERVICE })
    @GET
    @Path("/{id}")
    @Operation(summary = "Get an account", description = "invitation-service calls this to check that an invitation's account exists.")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "No account has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AccountView> get(@PathParam("id") UUID id) {
        return accounts.get(id);
    }

    @RolesAllowed({ Roles.ACCOUNTS_ADMIN, Roles.INVITATIONS_OPERATOR, Roles.SERVICE })
    @GET
    @Operation(summary = "Find accounts by name", description = "Ordered by name; at most `limit` accounts.")
    @APIResponse(responseCode = "200", description = "The matching accounts, possibly none",
            content = @Content(schema = @Schema(implementation = AccountView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "limit is out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<AccountView>> search(
            @Parameter(description = "Text the name contains, ignoring case; all accounts when absent")
            @QueryParam("name") @Size(max = 200) String name,
            @Parameter(description = "Most accounts to return (1-500)")
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return accounts.search(name, limit);
    }
}
