package dev.invitations.contract;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/** An invitation was revoked: it can no longer be sent or redeemed. Published once, by the revocation that changed it. */
public record InvitationRevoked(
        @NotNull UUID eventId,
        @NotNull UUID invitationId,
        @NotNull Instant revokedAt) {
}
