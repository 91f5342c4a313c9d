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

/** invitation-service's contacts, as the signed-in operator (role {@code invitations-operator}). */
@RegisterRestClient(configKey = "invitation-service")
@RegisterProvider(ProblemResponses.class)
@RegisterClientHeaders(SignedInPersonsToken.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ContactsClient {

    /**
     * @param name part of the full name, case-insensitive; null: any name
     * @param email any of the three addresses, case-insensitive; null: any address (both null list every contact, oldest first)
     */
    @GET
    @Path("/contacts")
    ListPage<Contact> search(@QueryParam("name") String name, @QueryParam("email") String email, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/contacts/{id}")
    Contact get(@PathParam("id") UUID id);

    @POST
    @Path("/contacts")
    Contact create(ContactDraft contact);

    @PUT
    @Path("/contacts/{id}")
    Contact update(@PathParam("id") UUID id, ContactDraft contact);
}
