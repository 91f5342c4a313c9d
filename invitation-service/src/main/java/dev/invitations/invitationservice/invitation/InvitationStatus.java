package dev.invitations.invitationservice.invitation;

import java.time.Instant;

/**
 * Derived from the stored attributes rather than stored itself: expiry happens by the clock, without any write.
 * The first state that applies wins, in the order below.
 */
public enum InvitationStatus {
    /** Revoked by an operator; it can no longer be sent or redeemed. */
    REVOKED,
    /** Redeemed as many times as it allows. */
    REDEEMED,
    /** Past its expiry date. */
    EXPIRED,
    /** Redeemable and sent at least once. */
    SENT,
    /** Redeemable and never sent. */
    CREATED;

    static InvitationStatus of(Instant revokedAt, int redemptionCount, int maxRedemptions, Instant expiresAt,
            Instant lastSentAt, Instant now) {
        if (revokedAt != null) {
            return REVOKED;
        }
        if (redemptionCount >= maxRedemptions) {
            return REDEEMED;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return EXPIRED;
        }
        return lastSentAt != null ? SENT : CREATED;
    }

    /** Whether {@link #condition()} takes {@code :now}: a revoked or fully redeemed invitation stays so whatever the time. */
    boolean dependsOnTime() {
        return this != REVOKED && this != REDEEMED;
    }

    /** The same rule as {@link #of}, as an HQL condition on an {@code Invitation} aliased {@code i}, given {@code :now}. */
    String condition() {
        String redeemable = "i.revokedAt is null and i.redemptionCount < i.maxRedemptions and (i.expiresAt is null or i.expiresAt > :now)";
        return switch (this) {
            case REVOKED -> "i.revokedAt is not null";
            case REDEEMED -> "i.revokedAt is null and i.redemptionCount >= i.maxRedemptions";
            case EXPIRED -> "i.revokedAt is null and i.redemptionCount < i.maxRedemptions and i.expiresAt <= :now";
            case SENT -> redeemable + " and i.lastSentAt is not null";
            case CREATED -> redeemable + " and i.lastSentAt is null";
        };
    }
}
