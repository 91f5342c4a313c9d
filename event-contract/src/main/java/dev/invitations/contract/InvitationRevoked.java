package dev.invitations.contract;

import java.time.Instant;
import java.util.UUID;

/** An invitation was revoked: it can no longer be sent or redeemed. Published once, by the revocation that changed it. */
public record InvitationRevoked(
        UUID eventId,
        UUID invitationId,
        Instant revokedAt) {
}
