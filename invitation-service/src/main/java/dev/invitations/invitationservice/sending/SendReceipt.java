package dev.invitations.invitationservice.sending;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record SendReceipt(
        UUID invitationId,
        @Schema(description = "How many emails were queued: one per invited contact who has not redeemed yet") int recipients,
        Instant sentAt) {
}
