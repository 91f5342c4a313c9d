package dev.invitations.notificationservice.delivery;

import java.time.Instant;
import java.util.UUID;

/** One invitation email and what became of it; {@code lastError} says why a FAILED one failed. */
public record DeliveryView(
        UUID id,
        UUID invitationId,
        UUID contactId,
        String recipient,
        String templateKey,
        Integer templateVersion,
        DeliveryStatus status,
        int attempts,
        String lastError,
        Instant createdAt,
        Instant sentAt) {

    static DeliveryView of(Delivery d) {
        return new DeliveryView(d.id, d.invitationId, d.contactId, d.recipient, d.templateKey, d.templateVersion, d.status,
                d.attempts, d.lastError, d.createdAt, d.sentAt);
    }
}
