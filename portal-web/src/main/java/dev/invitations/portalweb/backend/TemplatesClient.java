package dev.invitations.portalweb.backend;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** notification-service's email templates, as the signed-in template editor (role {@code templates-editor}). */
@RegisterRestClient(configKey = "notification-service")
@RegisterProvider(ProblemResponses.class)
@RegisterClientHeaders(SignedInPersonsToken.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface TemplatesClient {

    @GET
    @Path("/templates")
    List<EmailTemplate> list();

    @GET
    @Path("/templates/{key}")
    EmailTemplate get(@PathParam("key") String key);

    /** Every saved version, newest first. */
    @GET
    @Path("/templates/{key}/versions")
    List<EmailTemplate.Version> versions(@PathParam("key") String key);

    /** Edits an inactive template (a new version); an active one is refused with 409. */
    @PUT
    @Path("/templates/{key}")
    EmailTemplate save(@PathParam("key") String key, EmailTemplate.Draft template);

    @POST
    @Path("/templates/{key}/deactivate")
    EmailTemplate deactivate(@PathParam("key") String key);

    @POST
    @Path("/templates/{key}/activate")
    EmailTemplate.Activation activate(@PathParam("key") String key);

    /** @param sampleValues empty: the service's stand-ins fill every value */
    @POST
    @Path("/templates/{key}/preview")
    EmailTemplate.Preview preview(@PathParam("key") String key, Map<String, Object> sampleValues);
}
