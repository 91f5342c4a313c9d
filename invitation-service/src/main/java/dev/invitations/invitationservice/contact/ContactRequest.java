package dev.invitations.invitationservice.contact;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A contact as a client writes it, on create and on full update. */
@Schema(description = "A contact. Only emailAddress1 (the primary address) ever receives invitations, and a contact needs it to be invited.")
public record ContactRequest(
        @NotBlank @Size(max = 200) String fullName,
        @Email @Size(max = 254) @Schema(description = "Primary address; unique across contacts (case-insensitive)") String emailAddress1,
        @Email @Size(max = 254) String emailAddress2,
        @Email @Size(max = 254) String emailAddress3,
        @Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "must be a language tag such as en or fr-CA")
        @Schema(example = "fr-CA") String locale) {
}
