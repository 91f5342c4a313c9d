package dev.invitations.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An invitation was created. Contacts appear by id only and the code not at all: operators who read the topic learn
 * what was configured, not who the invitees are or how to redeem.
 */
public record InvitationCreated(
        UUID eventId,
        UUID invitationId,
        String invitationName,
        InvitationType type,
        int maxRedemptions,
        Instant expiresAt,
        List<UUID> invitedContactIds,
        UUID inviterContactId,
        UUID assignToAccountId,
        List<UUID> webRoleIds,
        UUID workflowId,
        String templateKey,
        Instant createdAt) {
}
