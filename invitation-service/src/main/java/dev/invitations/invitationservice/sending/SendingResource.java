package dev.invitations.invitationservice.sending;

import dev.invitations.commons.security.Roles;
import dev.invitations.invitationservice.idempotency.IdempotentRequests;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@RolesAllowed(Roles.INVITATIONS_OPERATOR)
@Path("/invitations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sending", description = "Emailing invitations to the invited contacts' primary addresses")
public class SendingResource {

    private final SendingService sending;
    private final IdempotentRequests idempotentRequests;

    public SendingResource(SendingService sending, IdempotentRequests idempotentRequests) {
        this.sending = sending;
        this.idempotentRequests = idempotentRequests;
    }

    @POST
    @Path("/{id}/send")
    @Operation(summary = "Send an invitation", description = "Queues one email per invited contact who has not redeemed yet, "
            + "to the primary address only. Sending again re-sends (an email can get lost).")
    @APIResponse(responseCode = "202", description = "Queued; the invitation's invited contacts show delivery status PENDING")
    @APIResponse(responseCode = "400", description = "An Idempotency-Key that is empty or longer than 255 characters")
    @APIResponse(responseCode = "404", description = "No invitation with this id")
    @APIResponse(responseCode = "409", description = "Fully redeemed, every invitee redeemed, or an invitee has no primary "
            + "address; or a request with this Idempotency-Key is still in progress")
    @APIResponse(responseCode = "410", description = "Revoked or expired")
    @APIResponse(responseCode = "429", description = "Sent less than the resend cooldown (60 s by default) ago; Retry-After says "
            + "when it may be sent again")
    @APIResponse(responseCode = "422", description = "This Idempotency-Key was used for another request")
    @Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.HEADER_DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequests.MAX_KEY_LENGTH))
    public Uni<RestResponse<SendReceipt>> sendOne(@PathParam("id") UUID id) {
        return idempotentRequests.once(null, SendReceipt.class, () -> sending.sendOne(id).map(RestResponse::accepted));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/send")
    @Operation(summary = "Send many invitations at once", description = "Sends every sendable invitation listed (up to 10,000 "
            + "per request by default) and reports each one that was not sent, with the reason (one sent within the resend "
            + "cooldown among them).")
    @APIResponse(responseCode = "202", description = "What was sent and what was rejected")
    @APIResponse(responseCode = "400", description = "No ids, a null id, more ids than one request takes, or invitations that "
            + "would email more recipients than one request sends (50,000 by default); nothing was sent")
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still in progress")
    @APIResponse(responseCode = "422", description = "This Idempotency-Key was used with another body; nothing was sent")
    @Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.HEADER_DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequests.MAX_KEY_LENGTH))
    public Uni<RestResponse<SendResult>> sendMany(@Valid @NotNull SendRequest request) {
        return idempotentRequests.once(request, SendResult.class,
                () -> sending.sendMany(request.invitationIds()).map(RestResponse::accepted));
    }
}
