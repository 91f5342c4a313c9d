package dev.invitations.notificationservice.template;

import dev.invitations.contract.InvitationType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Sample values to render a template with; any part left out is filled with a stand-in (no inviter if absent). */
@Schema(description = "Sample invitation to render the template with. Nothing is sent.")
public record PreviewRequest(@Valid Recipient recipient, @Valid Invitation invitation, @Valid Person sender, @Valid Person inviter) {

    public record Recipient(@Size(max = 300) String name, @Email @Size(max = 320) String email,
            @Schema(examples = "fr-FR") @Size(max = 35) String locale) {
    }

    public record Invitation(@Size(max = 300) String name, @Size(max = 200) String code, InvitationType type, Instant expiresAt) {
    }

    public record Person(@Size(max = 300) String name, @Email @Size(max = 320) String email) {
    }

    EmailValues toValues() {
        EmailValues sample = SampleValues.FULL;
        EmailValues.Recipient r = sample.recipient();
        EmailValues.Invitation i = sample.invitation();
        return new EmailValues(
                recipient == null ? r : new EmailValues.Recipient(or(recipient.name, r.name()), or(recipient.email, r.email()),
                        recipient.locale == null ? r.locale() : Locale.forLanguageTag(recipient.locale)),
                invitation == null ? i : new EmailValues.Invitation(or(invitation.name, i.name()), or(invitation.code, i.code()),
                        invitation.type == null ? i.type() : invitation.type, invitation.expiresAt),
                sender == null ? sample.sender() : new EmailValues.Person(sender.name, sender.email),
                inviter == null ? null : new EmailValues.Person(inviter.name, inviter.email));
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
