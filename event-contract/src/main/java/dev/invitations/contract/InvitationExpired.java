package dev.invitations.contract;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.UUID;

/**
 * An invitation's expiry passed: published once per expiry (an invitation extended and expiring again is announced
 * again, with its new {@code expiredAt}).
 */
public record InvitationExpired(
        @NotNull UUID eventId,
        @NotNull UUID invitationId,
        @NotNull Instant expiredAt,
        @PositiveOrZero int redemptionCount,
        @Positive int maxRedemptions) {
}
