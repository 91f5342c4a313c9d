package dev.invitations.portalweb.backend;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** notification-service's count of the emails of a send, as the signed-in operator. */
@RegisterRestClient(configKey = "notification-service")
@RegisterProvider(ProblemResponses.class)
@RegisterClientHeaders(SignedInPersonsToken.class)
@Produces(MediaType.APPLICATION_JSON)
public interface DeliveriesClient {

    /** The emails of up to 50 invitations created at or after {@code since}, by status. */
    @GET
    @Path("/deliveries/progress")
    SendProgress progress(@QueryParam("invitationId") List<UUID> invitationIds, @QueryParam("since") Instant since);
}
