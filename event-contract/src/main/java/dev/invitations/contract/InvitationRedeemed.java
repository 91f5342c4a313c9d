package dev.invitations.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A successful redemption, with everything the operator configured to be granted to the redeeming contact. */
public record InvitationRedeemed(
        UUID eventId,
        UUID invitationId,
        String invitationName,
        InvitationType type,
        RedeemingContact contact,
        UUID accountId,
        List<UUID> webRoleIds,
        String workflowId,
        int redemptionCount,
        int maxRedemptions,
        Instant redeemedAt) {

    public record RedeemingContact(UUID id, String fullName, String email) {
    }
}
