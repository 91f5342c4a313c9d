package dev.invitations.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The portal access a contact holds after a redemption was applied; keyed by contact id. */
public record ContactAccessGranted(
        UUID eventId,
        UUID contactId,
        UUID invitationId,
        UUID parentAccountId,
        List<UUID> webRoleIds,
        Instant grantedAt) {
}
