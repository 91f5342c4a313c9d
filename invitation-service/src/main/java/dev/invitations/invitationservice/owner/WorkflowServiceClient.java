package dev.invitations.invitationservice.owner;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** workflow-service owns workflow definitions. URL: {@code quarkus.rest-client.workflow-service.url}. */
@OidcClientFilter
@RegisterRestClient(configKey = "workflow-service")
@RegisterProvider(NotAtOwner.Mapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface WorkflowServiceClient {

    @GET
    @Path("/workflows/{id}")
    Uni<OwnedRecord> workflow(@PathParam("id") String id);
}
