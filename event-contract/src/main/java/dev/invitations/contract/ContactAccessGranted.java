package dev.invitations.contract;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The portal access a contact holds after a redemption was applied; keyed by contact id. */
public record ContactAccessGranted(
        @NotNull UUID eventId,
        @NotNull UUID contactId,
        @NotNull UUID invitationId,
        UUID parentAccountId,
        @NotNull List<@NotNull UUID> webRoleIds,
        @NotNull Instant grantedAt) {
}
