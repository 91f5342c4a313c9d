package dev.invitations.portalweb.backend;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
 * redemption-service as the signed-in person: its accounts and web roles (the invitation form's pickers read them;
 * creating and deleting needs {@code accounts-admin}) and its Invite Redemption Activities.
 */
@RegisterRestClient(configKey = "redemption-service")
@RegisterProvider(ProblemResponses.class)
@RegisterClientHeaders(SignedInPersonsToken.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface Catalogue {

    /**
     * @param name  text the name contains, ignoring case (at most 200 characters); null for every account
     * @param limit most accounts to answer, 1 to 500; ordered by name
     */
    @GET
    @Path("/accounts")
    List<Account> accounts(@QueryParam("name") String name, @QueryParam("limit") int limit);

    @GET
    @Path("/accounts/{id}")
    Account account(@PathParam("id") UUID id);

    @POST
    @Path("/accounts")
    Account createAccount(Account.Draft account);

    /** Every web role, ordered by name: a small catalogue, not paged. */
    @GET
    @Path("/web-roles")
    List<WebRole> webRoles();

    @GET
    @Path("/web-roles/{id}")
    WebRole webRole(@PathParam("id") UUID id);

    @POST
    @Path("/web-roles")
    WebRole createWebRole(WebRole.Draft webRole);

    /** Also takes it from every contact that holds it. */
    @DELETE
    @Path("/web-roles/{id}")
    void deleteWebRole(@PathParam("id") UUID id);

    /** An invitation's activities, oldest redemption first; {@code size} 1 to 500. */
    @GET
    @Path("/redemption-activities")
    ListPage<RedemptionActivity> activities(@QueryParam("invitationId") UUID invitationId, @QueryParam("page") int page,
            @QueryParam("size") int size);
}
