package dev.invitations.invitationservice.redemption;

import dev.invitations.contract.InvitationType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the Invite Redemption Page shows of an invitation before anyone signs in. Display fields only: whoever holds a
 * code sees no code, id, address or hash, so a preview reveals nothing the email did not already say.
 */
@Schema(description = "What an invitation code opens, for a person to decide whether to redeem it")
public record InvitationPreview(
        String name,
        InvitationType type,
        Redeemability status,
        @Schema(description = "When it expires; null if never") Instant expiresAt,
        @Schema(description = "Who sends the invitation (its owner)") String ownerName,
        @Schema(description = "The full name of the contact who invites, if one does") String inviterName,
        @Schema(description = "The account a redemption assigns the contact to, named by redemption-service; null if "
                + "none, or if redemption-service no longer has it") String accountName,
        @Schema(description = "The web roles a redemption grants, named by redemption-service (one it no longer has is "
                + "left out)") List<String> webRoleNames,
        @Schema(description = "Whether a redemption starts a workflow on the contact") boolean runsWorkflow,
        @Schema(description = "How many more redemptions it takes (never negative)") int redemptionsLeft,
        @Schema(description = "The email domains a redeemer's verified address must be at (exact match); null: any")
        List<String> allowedEmailDomains) {
}
