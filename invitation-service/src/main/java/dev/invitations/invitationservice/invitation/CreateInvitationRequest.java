package dev.invitations.invitationservice.invitation;

import dev.invitations.contract.InvitationType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An invitation to create. SINGLE: exactly one invited contact, one redemption. "
        + "GROUP: one or more invited contacts, up to maxRedemptions redemptions (default: the number of invited contacts).")
public record CreateInvitationRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull InvitationType type,
        @NotNull @Valid @Schema(description = "The sender of the email, unless the email template names its own") Owner owner,
        @Future @Schema(description = "When the invitation stops being redeemable; absent: never") Instant expiresAt,
        @Schema(description = "A contact shown as the one who invites") UUID inviterContactId,
        @NotEmpty @Size(max = InvitationRules.MAX_INVITED_CONTACTS) List<@NotNull UUID> invitedContactIds,
        @Schema(description = "Account (redemption-service) to become the redeeming contact's parent customer") UUID assignToAccountId,
        @Size(max = InvitationRules.MAX_WEB_ROLES) @Schema(description = "Web roles (redemption-service) granted to the redeeming contact")
        List<@NotNull UUID> webRoleIds,
        @Size(min = 1, max = 200) @Schema(description = "Workflow (workflow-service) run on the redeeming contact") String workflowId,
        @Min(1) @Max(InvitationRules.MAX_REDEMPTIONS) Integer maxRedemptions,
        @Pattern(regexp = "[A-Za-z0-9._-]{1,100}", message = "must be 1 to 100 letters, digits, '.', '_' or '-'")
        @Schema(description = "Email template (notification-service); absent: the default one") String templateKey,
        @Valid @Schema(description = "Email the invitation again to invited contacts who have not redeemed; absent: no reminders")
        Reminders reminders,
        @Size(min = 1, max = InvitationRules.MAX_ALLOWED_EMAIL_DOMAINS)
        @Schema(description = "GROUP only: the email domains a redeemer's verified address must be at (exact match, "
                + "case-insensitive; a subdomain is a domain of its own and must be listed itself); absent: any domain")
        List<@NotNull @Pattern(regexp = EMAIL_DOMAIN, message = "must be a domain name such as example.org") String>
        allowedEmailDomains) {

    /** Hostname syntax: dot-separated labels of letters, digits and inner hyphens, at most 63 characters each, 253 in all. */
    static final String EMAIL_DOMAIN = "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

    @Schema(description = "Each invited contact who has not redeemed is emailed again once the last email to them is "
            + "afterDays old, at most maxReminders times, while the invitation can be sent (not revoked, expired or fully redeemed)")
    public record Reminders(@NotNull @Min(1) @Max(365) Integer afterDays, @NotNull @Min(1) @Max(10) Integer maxReminders) {
    }

    public record Owner(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 254) String email) {
    }
}
