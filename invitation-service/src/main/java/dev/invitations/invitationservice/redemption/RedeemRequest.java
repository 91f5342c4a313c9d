package dev.invitations.invitationservice.redemption;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A redemption: the code, and who redeems, as exactly one of contactId (an existing contact) or "
        + "registrant (someone new, GROUP invitations only, matched to a contact by primary address or created).")
public record RedeemRequest(
        @NotBlank @Size(max = 100) @Schema(description = "The invitation code; case, hyphens and spaces do not matter") String code,
        UUID contactId,
        @Valid Registrant registrant,
        @Valid @Schema(description = "The portal login that redeems, linked to the contact so the portal finds it again") Identity identity) {

    public record Registrant(@NotBlank @Size(max = 200) String fullName, @NotBlank @Email @Size(max = 254) String emailAddress) {
    }

    public record Identity(
            @NotBlank @Size(max = 200) @Schema(description = "Issuer of the login, e.g. the identity provider's URL") String provider,
            @NotBlank @Size(max = 200) @Schema(description = "The login's subject at that issuer") String subject) {
    }
}
