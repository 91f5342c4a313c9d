package dev.invitations.invitationservice.sending;

import dev.invitations.invitationservice.invitation.DeliveryStatus;
import java.time.Instant;
import java.util.UUID;

/** What a delivery report says, whichever topic it came from. */
record DeliveryReport(UUID eventId, UUID invitationId, UUID contactId, DeliveryStatus status, Instant at, String failure) {
}
