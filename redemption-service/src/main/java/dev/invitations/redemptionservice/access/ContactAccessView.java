package dev.invitations.redemptionservice.access;

import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What a contact may do on the portal: its parent account and its web roles. "
        + "A contact no redemption was applied for has no parent account and no web role.")
public record ContactAccessView(
        UUID contactId,
        @Schema(description = "The parent customer account; absent when none was assigned") UUID parentAccountId,
        @Schema(description = "Ordered by name") List<WebRoleRef> webRoles) {
}
