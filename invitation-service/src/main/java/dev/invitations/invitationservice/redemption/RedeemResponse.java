package dev.invitations.invitationservice.redemption;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record RedeemResponse(
        UUID invitationId,
        @Schema(description = "The redeeming contact: the one given, or the registrant's") UUID contactId,
        @Schema(description = "Redemptions of the invitation so far, this one included") int redemptionCount) {
}
