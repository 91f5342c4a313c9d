package dev.invitations.invitationservice.invitation;

import dev.invitations.commons.problem.QueryParams;
import dev.invitations.commons.security.Roles;
import dev.invitations.invitationservice.InvitationServiceConfig;
import dev.invitations.invitationservice.Page;
import dev.invitations.invitationservice.Paging;
import dev.invitations.invitationservice.idempotency.IdempotentRequests;
import dev.invitations.invitationservice.invitation.InvitationResponse.RedeemedContactView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@RolesAllowed(Roles.INVITATIONS_OPERATOR)
@Path("/invitations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invitations", description = "Creating, reading and revoking invitations")
public class InvitationResource {

    private final InvitationService invitations;
    private final InvitationServiceConfig config;
    private final IdempotentRequests idempotentRequests;

    public InvitationResource(InvitationService invitations, InvitationServiceConfig config, IdempotentRequests idempotentRequests) {
        this.invitations = invitations;
        this.config = config;
        this.idempotentRequests = idempotentRequests;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an invitation", description = "Generates the invitation's secret code. The account, web roles "
            + "and workflow named are checked at redemption-service and workflow-service first.")
    @APIResponse(responseCode = "201", description = "Created, with its code; Location names it. A retry with the same "
            + "Idempotency-Key and body gets this answer again, the code included")
    @APIResponse(responseCode = "400", description = "Invalid field, unknown contact, account, web role or workflow (the field is named)")
    @APIResponse(responseCode = "503", description = "redemption-service or workflow-service could not be asked; nothing was stored")
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still in progress")
    @APIResponse(responseCode = "422", description = "This Idempotency-Key was used with another body; nothing was stored")
    @Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.HEADER_DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequests.MAX_KEY_LENGTH))
    public Uni<RestResponse<InvitationResponse>> create(@Valid @NotNull CreateInvitationRequest request, UriInfo uri) {
        return idempotentRequests.once(request, InvitationResponse.class, () -> invitations.create(request)
                .map(created -> RestResponse.ResponseBuilder.<InvitationResponse>created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                        .entity(created)
                        .build()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read an invitation", description = "Every attribute, its status, the invited contacts with the "
            + "delivery status of their last email, and the contacts who redeemed. Reading never redeems.")
    @APIResponse(responseCode = "200", description = "The invitation")
    @APIResponse(responseCode = "404", description = "No invitation with this id")
    public Uni<InvitationResponse> get(@PathParam("id") UUID id) {
        return invitations.get(id);
    }

    @GET
    @Operation(summary = "List invitations, newest first", description = "Optionally only those in one status, or those a contact "
            + "was invited to or redeemed.")
    @APIResponse(responseCode = "200", description = "One page of invitations")
    @APIResponse(responseCode = "400", description = "Invalid filter or paging, or a page past the deepest offset (page × size, 10,000 by default)")
    public Uni<Page<InvitationSummary>> list(
            @QueryParam("status") @Parameter(description = "Only invitations in this status",
                    schema = @Schema(implementation = InvitationStatus.class)) String status,
            @QueryParam("contactId") @Parameter(description = "Only invitations this contact was invited to or redeemed",
                    schema = @Schema(implementation = UUID.class)) String contactId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Parameter(description = "Page number, from 0") int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) @Parameter(description = "Page size, 1 to 200") int size) {
        Paging.requireWithinMaxOffset(page, size, config.lists().maxOffset());
        return invitations.list(QueryParams.oneOf("status", status, InvitationStatus.class),
                QueryParams.uuid("contactId", contactId), page, size);
    }

    @POST
    @Path("/{id}/revoke")
    @Operation(summary = "Revoke an invitation", description = "It can no longer be sent or redeemed; redemptions already made stay. "
            + "Revoking again changes nothing.")
    @APIResponse(responseCode = "200", description = "The revoked invitation")
    @APIResponse(responseCode = "404", description = "No invitation with this id")
    public Uni<InvitationResponse> revoke(@PathParam("id") UUID id) {
        return invitations.revoke(id);
    }

    @PUT
    @Path("/{id}/expiry")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move an invitation's expiry", description = "Also of an expired invitation, which can then be sent "
            + "and redeemed again with the same code; null: it no longer expires. Publishes InvitationExtended; the same "
            + "expiry again changes nothing and publishes nothing.")
    @APIResponse(responseCode = "200", description = "The invitation with its new expiry")
    @APIResponse(responseCode = "400", description = "expiresAt missing, malformed or not in the future")
    @APIResponse(responseCode = "404", description = "No invitation with this id")
    @APIResponse(responseCode = "410", description = "Revoked: a revoked invitation stays revoked")
    public Uni<InvitationResponse> extend(@PathParam("id") UUID id, @Valid @NotNull ExtendExpiryRequest request) {
        return invitations.extend(id, request.expiresAt());
    }

    @GET
    @Path("/{id}/redemptions")
    @Operation(summary = "Who redeemed an invitation, and when", description = "In the order of redemption.")
    @APIResponse(responseCode = "200", description = "The redemptions")
    @APIResponse(responseCode = "404", description = "No invitation with this id")
    public Uni<List<RedeemedContactView>> redemptions(@PathParam("id") UUID id) {
        return invitations.redemptions(id);
    }
}
