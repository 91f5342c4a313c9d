package dev.invitations.invitationservice.invitation;

import dev.invitations.contract.InvitationType;
import java.time.Instant;
import java.util.UUID;

/** An invitation in a list: its state at a glance, without the code and the contact lists. */
public record InvitationSummary(
        UUID id,
        String name,
        InvitationType type,
        InvitationStatus status,
        Instant expiresAt,
        int maxRedemptions,
        int redemptionCount,
        Instant createdAt,
        Instant lastSentAt,
        Instant revokedAt) {

    static InvitationSummary of(Invitation invitation, Instant now) {
        return new InvitationSummary(invitation.id, invitation.name, invitation.type, invitation.status(now),
                invitation.expiresAt, invitation.maxRedemptions, invitation.redemptionCount, invitation.createdAt,
                invitation.lastSentAt, invitation.revokedAt);
    }
}
