package dev.invitations.invitationservice.owner;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** redemption-service owns accounts and web roles. URL: {@code quarkus.rest-client.redemption-service.url}. */
@OidcClientFilter
@RegisterRestClient(configKey = "redemption-service")
@RegisterProvider(NotAtOwner.Mapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface RedemptionServiceClient {

    @GET
    @Path("/accounts/{id}")
    Uni<OwnedRecord> account(@PathParam("id") UUID id);

    @GET
    @Path("/web-roles/{id}")
    Uni<OwnedRecord> webRole(@PathParam("id") UUID id);
}
