package dev.invitations.redemptionservice.redemption;

import dev.invitations.contract.InvitationType;
import java.time.Instant;
import java.util.UUID;

/**
 * The rows an applied batch writes, one record per table, named after their columns (BatchWriter writes them as JSON
 * with snake_case keys). The entities of the same tables serve the read side.
 */
final class Rows {

    record ContactAccessRow(UUID contactId, UUID parentAccountId, Instant parentAssignedAt, Instant updatedAt) {
    }

    record ContactWebRoleRow(UUID contactId, UUID webRoleId, UUID invitationId, Instant grantedAt) {
    }

    record ActivityRow(UUID id, UUID eventId, UUID invitationId, String invitationName, InvitationType invitationType,
            UUID contactId, Instant redeemedAt, Instant appliedAt, UUID accountId, AccountOutcome accountOutcome,
            boolean partial) {
    }

    record ActivityWebRoleRow(UUID activityId, UUID webRoleId, int position, String webRoleName, WebRoleOutcome outcome) {
    }

    private Rows() {
    }
}
