package dev.invitations.notificationservice.template;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A template's new text. There is deliberately no CC or BCC: by the seed's rule only the invitee receives the email. */
@Schema(description = "The text of a template, in Qute syntax; see the template model in the service documentation.")
public record TemplateRequest(
        @Schema(examples = "You are invited to {invitation.name}")
        @NotBlank @Size(max = 998) String subject,
        @Schema(description = "HTML part; every value is HTML-escaped when rendered.",
                examples = "<p>Hello {recipient.name}, <a href=\"{redemptionUrl}\">accept</a> with code {invitation.code}</p>")
        @NotBlank @Size(max = 200_000) String htmlBody,
        @Schema(description = "Plain-text part.", examples = "Hello {recipient.name}, open {redemptionUrl} (code {invitation.code})")
        @NotBlank @Size(max = 200_000) String textBody,
        @Schema(description = "Sender address that overrides the invitation's owner; absent: the owner signs the email. "
                + "Its domain must be one of notification.senders.allowed-domains.",
                examples = "invitations@portal.example")
        @Email @Size(max = 320) String from,
        @Schema(description = "The portal's Invite Redemption Page; absent: the service's configured page. https on an origin "
                + "of notification.links.allowed-origins (http only to localhost or 127.0.0.1).",
                examples = "https://portal.example/redeem")
        @Size(max = 2000) @Pattern(regexp = "https?://[^\\s/?#]+[^\\s]*", message = "must be an absolute http(s) URL")
        String redemptionPageUrl) {
}
