package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An invitation with every attribute and what happened to it, as invitation-service answers {@code GET /invitations/{id}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Invitation(UUID id, String name, String type, String status, Owner owner, Instant expiresAt, UUID inviterContactId,
                         List<InvitedContact> invitedContacts, UUID assignToAccountId, List<UUID> webRoleIds, String workflowId,
                         int maxRedemptions, int redemptionCount, List<RedeemedContact> redeemedContacts, String templateKey,
                         Instant createdAt, Instant lastSentAt, Instant revokedAt, Reminders reminders,
                         List<String> allowedEmailDomains) {

    public Invitation {
        invitedContacts = invitedContacts == null ? List.of() : List.copyOf(invitedContacts);
        webRoleIds = webRoleIds == null ? List.of() : List.copyOf(webRoleIds);
        redeemedContacts = redeemedContacts == null ? List.of() : List.copyOf(redeemedContacts);
        allowedEmailDomains = allowedEmailDomains == null ? List.of() : List.copyOf(allowedEmailDomains);
    }

    /** Null: the invitation sends no reminders. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reminders(int afterDays, int maxReminders) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Owner(String name, String email) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InvitedContact(UUID contactId, String fullName, String emailAddress1, String deliveryStatus, Instant deliveryStatusAt,
                                 String deliveryFailure, Instant erasedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RedeemedContact(UUID contactId, String fullName, String emailAddress1, Instant redeemedAt, String identityProvider,
                                  String identitySubject, Instant erasedAt) {
    }
}
