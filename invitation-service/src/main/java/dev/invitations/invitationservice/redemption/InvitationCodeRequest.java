package dev.invitations.invitationservice.redemption;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A lookup or a redemption carries the code only: who redeems is what the caller's verified access token says, never
 * the body. Unknown fields are refused like in every request of this service, so that a client still sending the old
 * {@code contactId}, {@code registrant} or {@code identity} learns that they no longer decide anything.
 */
@Schema(description = "An invitation's code, to look up or to redeem. The redeemer is the signed-in portal user of the "
        + "bearer token.")
public record InvitationCodeRequest(
        @NotBlank @Size(max = 100) @Schema(description = "The invitation code; case, hyphens and spaces do not matter") String code) {
}
