package dev.invitations.invitationservice.contact;

import dev.invitations.commons.problem.QueryParams;
import dev.invitations.commons.security.Roles;
import dev.invitations.invitationservice.InvitationServiceConfig;
import dev.invitations.invitationservice.Page;
import dev.invitations.invitationservice.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@RolesAllowed(Roles.INVITATIONS_OPERATOR)
@Path("/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts", description = "The people invitations are sent to and redeemed by")
public class ContactResource {

    private final ContactService contacts;
    private final ContactErasure erasure;
    private final InvitationServiceConfig config;

    public ContactResource(ContactService contacts, ContactErasure erasure, InvitationServiceConfig config) {
        this.contacts = contacts;
        this.erasure = erasure;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a contact")
    @APIResponse(responseCode = "201", description = "Created; Location names the new contact",
            content = @Content(schema = @Schema(implementation = ContactResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid field")
    @APIResponse(responseCode = "409", description = "Another contact already has this primary address")
    public Uni<RestResponse<ContactResponse>> create(@Valid @NotNull ContactRequest request, UriInfo uri) {
        return contacts.create(request)
                .map(created -> RestResponse.ResponseBuilder.<ContactResponse>created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                        .entity(created)
                        .build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a contact, with the portal logins linked to it")
    @APIResponse(responseCode = "200", description = "The contact", content = @Content(schema = @Schema(implementation = ContactResponse.class)))
    @APIResponse(responseCode = "404", description = "No contact with this id")
    public Uni<ContactResponse> get(@PathParam("id") UUID id) {
        return contacts.get(id);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    @Operation(summary = "Replace a contact's details", description = "Every field is replaced; linked portal logins are kept.")
    @APIResponse(responseCode = "200", description = "The updated contact", content = @Content(schema = @Schema(implementation = ContactResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid field")
    @APIResponse(responseCode = "404", description = "No contact with this id")
    @APIResponse(responseCode = "409", description = "Another contact already has this primary address")
    public Uni<ContactResponse> update(@PathParam("id") UUID id, @Valid @NotNull ContactRequest request) {
        return contacts.update(id, request);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Erase a contact (right to erasure)", description = "Removes the contact's name, addresses, language "
            + "and linked portal logins here, and has every other service erase its copies (event ContactErased). Invitations "
            + "keep their counts and redemptions and show the contact as erased; the contact is no longer found, mailed or "
            + "matched by a login. Erasing an erased contact again answers 204 and changes nothing.")
    @APIResponse(responseCode = "204", description = "Erased, now or before")
    @APIResponse(responseCode = "400", description = "The id is not a UUID")
    @APIResponse(responseCode = "404", description = "No contact with this id")
    public Uni<Void> erase(@PathParam("id") @Parameter(description = "The contact's id (UUID)") String id) {
        return erasure.erase(QueryParams.uuid("id", id));
    }

    @GET
    @Operation(summary = "Find contacts", description = "By part of the full name (case-insensitive), by email address (primary, "
            + "second or third; case-insensitive), by linked portal login (identityProvider and identitySubject together), or all, "
            + "oldest first. Filters given together must all match.")
    @APIResponse(responseCode = "200", description = "One page of contacts")
    @APIResponse(responseCode = "400", description = "Invalid filter or paging, or a page past the deepest offset (page × size, 10,000 by default)")
    public Uni<Page<ContactResponse>> search(
            @QueryParam("name") @Size(min = 1, max = 200) @Parameter(description = "Part of the full name, case-insensitive") String name,
            @QueryParam("email") @Size(min = 1, max = 254) @Parameter(description = "Any of the contact's addresses, case-insensitive") String email,
            @QueryParam("identityProvider") @Size(min = 1, max = 200) @Parameter(description = "Issuer of a portal login") String identityProvider,
            @QueryParam("identitySubject") @Size(min = 1, max = 200) @Parameter(description = "Subject of a portal login") String identitySubject,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Parameter(description = "Page number, from 0") int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) @Parameter(description = "Page size, 1 to 200") int size) {
        Paging.requireWithinMaxOffset(page, size, config.lists().maxOffset());
        return contacts.search(name, email, identityProvider, identitySubject, page, size);
    }
}
