package dev.invitations.portalweb.backend;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * redemption-service's reads of what a contact was granted, with this application's client-credentials token. The page
 * asks only about the contact that the signed-in person's own redemption just named.
 */
@RegisterRestClient(configKey = "redemption-service")
@RegisterProvider(ProblemResponses.class)
@OidcClientFilter
@Produces(MediaType.APPLICATION_JSON)
public interface ContactAccessClient {

    @GET
    @Path("/contacts/{contactId}/access")
    ContactAccess access(@PathParam("contactId") UUID contactId);

    @GET
    @Path("/accounts/{id}")
    ContactAccess.Named account(@PathParam("id") UUID accountId);
}
