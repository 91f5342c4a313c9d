package dev.invitations.redemptionservice.access;

import dev.invitations.commons.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/contacts/{contactId}/access")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contact access", description = "What the portal asks when a contact signs in")
public class ContactAccessResource {

    private final ContactAccessService access;

    public ContactAccessResource(ContactAccessService access) {
        this.access = access;
    }

    @RolesAllowed({ Roles.INVITATIONS_OPERATOR, Roles.ACCOUNTS_ADMIN, Roles.SERVICE })
    @GET
    @Operation(summary = "Get a contact's portal access",
            description = "The parent account and web roles granted by the contact's applied redemptions. Contacts belong to "
                    + "invitation-service, so an id this service has never seen is answered with no access rather than 404.")
    @APIResponse(responseCode = "200", description = "The contact's access",
            content = @Content(schema = @Schema(implementation = ContactAccessView.class)))
    public Uni<ContactAccessView> get(@PathParam("contactId") UUID contactId) {
        return access.accessOf(contactId);
    }
}
