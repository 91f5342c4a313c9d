package dev.invitations.invitationservice.redemption;

import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Redemption is a POST on purpose: mail gateways' link scanners fetch links with GET, and must not use up an invitation. */
@Path("/invitations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Redemption", description = "Redeeming an invitation's code on the portal")
public class RedemptionResource {

    private final RedemptionService redemptions;

    public RedemptionResource(RedemptionService redemptions) {
        this.redemptions = redemptions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/redeem")
    @Operation(summary = "Redeem an invitation code", description = "Counts the redemption, links the portal login if given, and "
            + "announces it (InvitationRedeemed) so that the account, web roles and workflow are applied.")
    @APIResponse(responseCode = "200", description = "Redeemed")
    @APIResponse(responseCode = "400", description = "Invalid field, unknown contactId, or not exactly one of contactId and registrant")
    @APIResponse(responseCode = "403", description = "A SINGLE invitation redeemed by someone other than its invited contact")
    @APIResponse(responseCode = "404", description = "No invitation has this code")
    @APIResponse(responseCode = "409", description = "Already redeemed (SINGLE), at its maximum (GROUP), already redeemed by this "
            + "contact, or the login is linked to another contact")
    @APIResponse(responseCode = "410", description = "Revoked or expired")
    public Uni<RedeemResponse> redeem(@Valid @NotNull RedeemRequest request) {
        return redemptions.redeem(request);
    }
}
