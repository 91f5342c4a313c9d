package dev.invitations.invitationservice.redemption;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.commons.security.Roles;
import dev.invitations.invitationservice.redemption.RedemptionThrottle.Attempt;
import dev.invitations.invitationservice.redemption.RedemptionThrottle.Caller;
import io.netty.util.NetUtil;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Looking up and redeeming a code are POSTs on purpose: mail gateways' link scanners fetch links with GET, and must not
 * use up an invitation, nor spend a code's failed attempts.
 */
@Path("/invitations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Redemption", description = "Looking up and redeeming an invitation's code on the portal")
public class RedemptionResource {

    /** The address of the person a service (the portal's backend) looks a code up for. */
    private static final String PORTAL_CLIENT_ADDRESS = "X-Portal-Client-Address";

    private static final String TYPES = "`type` is " + Problem.TYPE_NAMESPACE + "<slug>, with the slug ";

    private final RedemptionService redemptions;
    private final InvitationLookup lookups;
    private final RedemptionThrottle throttle;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public RedemptionResource(RedemptionService redemptions, InvitationLookup lookups, RedemptionThrottle throttle,
            JsonWebToken token, SecurityIdentity identity) {
        this.redemptions = redemptions;
        this.lookups = lookups;
        this.throttle = throttle;
        this.token = token;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/lookup")
    @RolesAllowed({ Roles.SERVICE, Roles.PORTAL })
    @Operation(summary = "Show what an invitation code opens, before anyone signs in", description = "For the Invite "
            + "Redemption Page: the invitation's name, type, whether it can be redeemed now (and if not, why), who sends "
            + "it, and what it grants, with the account's and web roles' names from redemption-service. Never the code, "
            + "ids or addresses. Changes nothing: a revoked, expired or used-up invitation is answered 200 with its "
            + "status. An unknown code counts as a failed attempt, like a failed redemption, for the caller and the "
            + "code's prefix; a service calling for a person names that person's IP address in " + PORTAL_CLIENT_ADDRESS
            + ", which then stands in for the caller.")
    @APIResponse(responseCode = "200", description = "The invitation, as a person may see it")
    @APIResponse(responseCode = "400", description = "Invalid or unknown field, or (from a service) " + PORTAL_CLIENT_ADDRESS
            + " is not an IP address")
    @APIResponse(responseCode = "404", description = "No invitation has this code; " + TYPES + "invitation-not-found")
    @APIResponse(responseCode = "429", description = "Too many failed attempts by this caller, or with codes like this one, "
            + "lately; Retry-After says when to try again; " + TYPES + "too-many-attempts. Nothing was looked up")
    @APIResponse(responseCode = "503", description = "redemption-service, which names the account and web roles, cannot be "
            + "reached; Retry-After says when to try again")
    @Parameter(name = PORTAL_CLIENT_ADDRESS, in = ParameterIn.HEADER, schema = @Schema(type = SchemaType.STRING),
            description = "The IP address (one IPv4 or IPv6 literal) of the person the calling service looks the code up "
                    + "for: failed attempts count against it instead of the service's own login. Taken only from a caller "
                    + "with the role service; ignored otherwise")
    public Uni<InvitationPreview> lookup(@Valid @NotNull InvitationCodeRequest request, @Context HttpServerRequest http) {
        Attempt attempt = lookupAttempt(request.code(), http);
        return throttle.guard(attempt, () -> lookups.preview(request.code()));
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
    @APIResponse(responseCode = "403", description = "A SINGLE invitation redeemed by another contact "
            + "(invitation-for-another-person) or by a login whose verified email is no contact's (email-does-not-match), or a "
            + "login with no linked contact and no verified email (email-not-verified), or a GROUP invitation open only to "
            + "some email domains and an address at none of them (email-domain-not-allowed); "
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
        return throttle.counted(attempt, () -> redemptions.redeem(request.code(), login, attempt));
    }

    /**
     * The portal's backend looks codes up for people who have not signed in, all under its one service login: where it
     * names the person's address, that address stands in for the login, and for the client address (which is the
     * backend's own). Only a service is trusted to say whom it speaks for; anyone else's header is ignored.
     */
    private Attempt lookupAttempt(String code, HttpServerRequest http) {
        List<String> named = http.headers().getAll(PORTAL_CLIENT_ADDRESS);
        if (!named.isEmpty() && identity.hasRole(Roles.SERVICE)) {
            String person = ipAddress(named);
            return throttle.attempt(Caller.personAt(person), code, person);
        }
        return throttle.attempt(Caller.login(PortalLogin.of(token)), code, clientAddress(http));
    }

    /**
     * The one address named, in one canonical form, so that another spelling of it is not another key; never a name
     * lookup. The header is read as sent, not through JAX-RS, which would take an empty value for none (counting the
     * service's own login) and keep only the first of repeated ones. A list such as a forwarding chain is refused: its
     * first entry is whatever the person claimed.
     */
    private static String ipAddress(List<String> named) {
        byte[] literal = named.size() == 1 ? NetUtil.createByteArrayFromIpAddressString(named.get(0).strip()) : null;
        if (literal == null) {
            throw ProblemException.badRequest(PORTAL_CLIENT_ADDRESS, "must be the IP address (IPv4 or IPv6) of the person "
                    + "the code is looked up for");
        }
        try {
            return InetAddress.getByAddress(literal).getHostAddress();
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("An IP literal of 4 or 16 bytes", impossible);
        }
    }

    /** The caller's address as the HTTP layer sees it (behind a proxy: see quarkus.http.proxy.*). */
    private static String clientAddress(HttpServerRequest http) {
        return http == null || http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    }
}
