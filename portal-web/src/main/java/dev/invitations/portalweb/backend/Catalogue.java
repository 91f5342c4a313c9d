package dev.invitations.portalweb.backend;

import jakarta.ws.rs.GET;
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

/**
 * redemption-service's accounts and web roles (for the invitation form's pickers) and its Invite Redemption Activities,
 * as the signed-in operator.
 */
@RegisterRestClient(configKey = "redemption-service")
@RegisterProvider(ProblemResponses.class)
@RegisterClientHeaders(SignedInPersonsToken.class)
@Produces(MediaType.APPLICATION_JSON)
public interface Catalogue {

    /** By name, at most {@code limit} (1 to 500). */
    @GET
    @Path("/accounts")
    List<ContactAccess.Named> accounts(@QueryParam("limit") int limit);

    @GET
    @Path("/accounts/{id}")
    ContactAccess.Named account(@PathParam("id") UUID id);

    @GET
    @Path("/web-roles")
    List<ContactAccess.Named> webRoles();

    /** An invitation's activities, oldest redemption first; {@code size} 1 to 500. */
    @GET
    @Path("/redemption-activities")
    ListPage<RedemptionActivity> activities(@QueryParam("invitationId") UUID invitationId, @QueryParam("page") int page,
            @QueryParam("size") int size);
}
