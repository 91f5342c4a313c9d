package dev.invitations.contract;

import java.time.Instant;
import java.util.UUID;

/** The invitation email could not be delivered after every retry; {@code reason} says why. */
public record InvitationEmailFailed(
        UUID eventId,
        UUID invitationId,
        UUID contactId,
        UUID deliveryId,
        String recipient,
        String reason,
        int attempts,
        Instant failedAt) {
}
