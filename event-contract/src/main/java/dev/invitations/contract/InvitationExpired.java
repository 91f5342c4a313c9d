package dev.invitations.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * An invitation's expiry passed: published once per expiry (an invitation extended and expiring again is announced
 * again, with its new {@code expiredAt}).
 */
public record InvitationExpired(
        UUID eventId,
        UUID invitationId,
        Instant expiredAt,
        int redemptionCount,
        int maxRedemptions) {
}
