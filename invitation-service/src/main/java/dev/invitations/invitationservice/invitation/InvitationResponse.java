package dev.invitations.invitationservice.invitation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.invitations.contract.InvitationType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An invitation with everything the seed lists, and what happened to it since. */
public record InvitationResponse(
        UUID id,
        String name,
        InvitationType type,
        InvitationStatus status,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The secret the invitee redeems: only in the answer that creates the invitation, never again "
                + "(it is stored only as a keyed hash and an encrypted copy)") String code,
        Owner owner,
        Instant expiresAt,
        UUID inviterContactId,
        List<InvitedContactView> invitedContacts,
        UUID assignToAccountId,
        List<UUID> webRoleIds,
        String workflowId,
        int maxRedemptions,
        int redemptionCount,
        List<RedeemedContactView> redeemedContacts,
        String templateKey,
        Instant createdAt,
        Instant lastSentAt,
        Instant revokedAt,
        @Schema(description = "The automatic reminders; null: none") Reminders reminders,
        @Schema(description = "GROUP only: the email domains a redeemer's verified address must be at; null: any")
        List<String> allowedEmailDomains) {

    public record Reminders(int afterDays, int maxReminders) {

        static Reminders of(Invitation invitation) {
            return invitation.reminderAfterDays == null ? null : new Reminders(invitation.reminderAfterDays, invitation.maxReminders);
        }
    }

    public record Owner(String name, String email) {
    }

    @Schema(description = "An invited contact and the outcome of the last invitation email sent to them")
    public record InvitedContactView(UUID contactId, String fullName, String emailAddress1, DeliveryStatus deliveryStatus,
            @Schema(description = "When the status was reached: sent, delivered or failed") Instant deliveryStatusAt,
            @Schema(description = "Why the last email failed") String deliveryFailure,
            @Schema(description = "How many automatic reminders were emailed to this contact") int remindersSent,
            @Schema(description = "When the contact was erased; its name and address are gone") Instant erasedAt) {
    }

    @Schema(description = "A contact who redeemed, when, and with which portal login if the portal said")
    public record RedeemedContactView(UUID contactId, String fullName, String emailAddress1, Instant redeemedAt,
            String identityProvider, String identitySubject,
            @Schema(description = "When the contact was erased; its name, address and login are gone") Instant erasedAt) {
    }

    /** This invitation as its creator sees it, once: with the code. */
    InvitationResponse withCode(String secretCode) {
        return new InvitationResponse(id, name, type, status, secretCode, owner, expiresAt, inviterContactId, invitedContacts,
                assignToAccountId, webRoleIds, workflowId, maxRedemptions, redemptionCount, redeemedContacts, templateKey,
                createdAt, lastSentAt, revokedAt, reminders, allowedEmailDomains);
    }

    /** What may leave the answer to its creator: a topic never carries the code. */
    public InvitationResponse withoutCode() {
        return withCode(null);
    }

    static InvitationResponse of(Invitation invitation, List<InvitedContactView> invited, List<RedeemedContactView> redeemed,
            Instant now) {
        return new InvitationResponse(invitation.id, invitation.name, invitation.type, invitation.status(now), null,
                new Owner(invitation.ownerName, invitation.ownerEmail), invitation.expiresAt, invitation.inviterContactId,
                invited, invitation.assignToAccountId, List.of(invitation.webRoleIds), invitation.workflowId,
                invitation.maxRedemptions, invitation.redemptionCount, redeemed, invitation.templateKey,
                invitation.createdAt, invitation.lastSentAt, invitation.revokedAt, Reminders.of(invitation),
                invitation.allowedEmailDomains == null ? null : List.of(invitation.allowedEmailDomains));
    }
}
