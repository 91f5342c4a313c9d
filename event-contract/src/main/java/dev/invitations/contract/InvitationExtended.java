package dev.invitations.contract;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * An invitation's expiry was moved, possibly after it had passed: {@code expiresAt} absent means it no longer expires.
 * It can be sent again with the same id and code.
 */
public record InvitationExtended(
        @NotNull UUID eventId,
        @NotNull UUID invitationId,
        Instant previousExpiresAt,
        Instant expiresAt,
        @NotNull Instant extendedAt) {
}
