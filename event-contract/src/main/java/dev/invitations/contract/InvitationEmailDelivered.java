package dev.invitations.contract;

import java.time.Instant;
import java.util.UUID;

/** The SMTP server accepted the invitation email for one recipient. */
public record InvitationEmailDelivered(
        UUID eventId,
        UUID invitationId,
        UUID contactId,
        UUID deliveryId,
        String recipient,
        String templateKey,
        int templateVersion,
        Instant deliveredAt) {
}
