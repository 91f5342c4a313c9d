package dev.invitations.portalweb.backend;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * invitation-service's lookup, called with this application's own client-credentials token (role {@code service}):
 * the page shows an invitation before anyone signs in. The visitor's address goes along so that invitation-service
 * throttles code guessing per visitor, not per this application.
 */
@RegisterRestClient(configKey = "invitation-service")
@RegisterProvider(ProblemResponses.class)
@OidcClientFilter
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface InvitationLookupClient {

    String CLIENT_ADDRESS_HEADER = "X-Portal-Client-Address";

    @POST
    @Path("/invitations/lookup")
    InvitationPreview lookup(@HeaderParam(CLIENT_ADDRESS_HEADER) String clientAddress, CodeBody code);
}
