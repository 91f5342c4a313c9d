package dev.invitations.invitationservice.sending;

import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record SendResult(
        @Schema(description = "How many invitations were sent") int accepted,
        @Schema(description = "How many emails were queued: one per invited contact who has not redeemed yet") int recipients,
        @Schema(description = "The invitations not sent, each with the reason") List<Rejected> rejected) {

    public record Rejected(UUID id, String reason) {
    }
}
