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
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** invitation-service's invitations and sending, as the signed-in operator (role {@code invitations-operator}). */
@RegisterRestClient(configKey = "invitation-service")
@RegisterProvider(ProblemResponses.class)
@RegisterClientHeaders(SignedInPersonsToken.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface InvitationsClient {

    /** The answer carries the generated code; the console does not show it (see InvitationsPage). */
    @POST
    @Path("/invitations")
    Invitation create(InvitationDraft invitation);

    @GET
    @Path("/invitations/{id}")
    Invitation get(@PathParam("id") UUID id);

    /** @param status null for every status; newest first */
    @GET
    @Path("/invitations")
    ListPage<InvitationSummary> list(@QueryParam("status") String status, @QueryParam("contactId") UUID contactId,
            @QueryParam("page") int page, @QueryParam("size") int size);

    /** Idempotent: no more sending or redeeming. */
    @POST
    @Path("/invitations/{id}/revoke")
    Invitation revoke(@PathParam("id") UUID id);

    /** Also of an expired invitation, which can then be sent again with its code. */
    @PUT
    @Path("/invitations/{id}/expiry")
    Invitation extend(@PathParam("id") UUID id, Expiry expiry);

    @POST
    @Path("/invitations/send")
    SendResult send(SendResult.Request invitations);
}
