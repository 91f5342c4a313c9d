package dev.invitations.invitationservice.redemption;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.security.Roles;
import dev.invitations.invitationservice.redemption.RedemptionThrottle.Attempt;
import dev.invitations.invitationservice.redemption.RedemptionThrottle.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Redemption is a POST on purpose: mail gateways' link scanners fetch links with GET, and must not use up an invitation. */
@Path("/invitations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Redemption", description = "Redeeming an invitation's code on the portal")
public class RedemptionResource {

    private static final String TYPES = "`type` is " + Problem.TYPE_NAMESPACE + "<slug>, with the slug ";

    private final RedemptionService redemptions;
    private final RedemptionThrottle throttle;
    private final JsonWebToken token;

    public RedemptionResource(RedemptionService redemptions, RedemptionThrottle throttle, JsonWebToken token) {
        this.redemptions = redemptions;
        this.throttle = throttle;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/redeem")
    @RolesAllowed(Roles.PORTAL)
    @Operation(summary = "Redeem an invitation code as the signed-in portal user", description = "The redeemer is the login of "
            + "the bearer token (issuer and subject): the contact it is linked to, or else the contact whose primary address "
            + "is the token's verified email (created for a GROUP invitation if nobody has it). Counts the redemption, links "
            + "the login to the contact and announces it (InvitationRedeemed) so that the account, web roles and workflow "
            + "are applied. Each refusal names its reason in the problem's type.")
    @APIResponse(responseCode = "200", description = "Redeemed")
    @APIResponse(responseCode = "400", description = "Invalid or unknown field")
    @APIResponse(responseCode = "403", description = "A SINGLE invitation redeemed by someone other than its invited contact "
            + "(invitation-for-another-person), or a login with no linked contact and no verified email (email-not-verified); "
            + "nothing is stored. " + TYPES + "in brackets")
    @APIResponse(responseCode = "404", description = "No invitation has this code; " + TYPES + "invitation-not-found")
    @APIResponse(responseCode = "409", description = "Already redeemed (invitation-redeemed, SINGLE), at its maximum "
            + "(invitation-maximum-reached, GROUP), already redeemed by this contact (already-redeemed-by-you), or the login "
            + "is linked to another contact (login-linked-to-another-contact). " + TYPES + "in brackets")
    @APIResponse(responseCode = "410", description = "Revoked (invitation-revoked) or expired (invitation-expired). " + TYPES
            + "in brackets")
    @APIResponse(responseCode = "429", description = "Too many failed attempts by this login, with codes like this one (or "
            + "from this address, where turned on) lately; Retry-After says when to try again; " + TYPES
            + "too-many-attempts. Nothing was looked up")
    public Uni<RedeemResponse> redeem(@Valid @NotNull InvitationCodeRequest request, @Context HttpServerRequest http) {
        PortalLogin login = PortalLogin.of(token);
        Attempt attempt = throttle.attempt(Caller.login(login), request.code(), clientAddress(http));
        return throttle.guard(attempt, () -> redemptions.redeem(request, login));
    }

    /** The caller's address as the HTTP layer sees it (behind a proxy: see quarkus.http.proxy.*). */
    private static String clientAddress(HttpServerRequest http) {
        return http == null || http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    }
}
