package dev.invitations.invitationservice.redemption;

import dev.invitations.contract.InvitationType;
import dev.invitations.invitationservice.invitation.Invitation;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Whether an invitation takes a redemption now, and if not, why: what a lookup shows and what a redemption refuses
 * with, by one rule. Revoked wins over expired, expired over used up, as a redemption checks them.
 */
@Schema(description = "REDEEMABLE, or why not: revoked, expired, redeemed (SINGLE) or at its maximum (GROUP)")
public enum Redeemability {
    REDEEMABLE,
    REVOKED,
    EXPIRED,
    /** A SINGLE invitation that was redeemed. */
    REDEEMED,
    /** A GROUP invitation at its maximum of redemptions. */
    MAXIMUM_REACHED;

    static Redeemability of(Invitation invitation, Instant now) {
        return of(invitation.type, invitation.revokedAt, invitation.expiresAt, invitation.redemptionCount,
                invitation.maxRedemptions, now);
    }

    static Redeemability of(InvitationType type, Instant revokedAt, Instant expiresAt, int redemptionCount,
            int maxRedemptions, Instant now) {
        if (revokedAt != null) {
            return REVOKED;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return EXPIRED;
        }
        if (redemptionCount >= maxRedemptions) {
            return type == InvitationType.SINGLE ? REDEEMED : MAXIMUM_REACHED;
        }
        return REDEEMABLE;
    }
}
