package dev.invitations.contract;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A successful redemption, with everything the operator configured to be granted to the redeeming contact. */
public record InvitationRedeemed(
        @NotNull UUID eventId,
        @NotNull UUID invitationId,
        @NotBlank @Size(max = Limits.NAME) String invitationName,
        @NotNull InvitationType type,
        @NotNull @Valid RedeemingContact contact,
        UUID accountId,
        List<@NotNull UUID> webRoleIds,
        @Size(max = Limits.WORKFLOW_ID) String workflowId,
        @Positive int redemptionCount,
        @Positive int maxRedemptions,
        @NotNull Instant redeemedAt) {

    /** A contact may have no primary address (one found through its linked login). */
    public record RedeemingContact(
            @NotNull UUID id,
            @NotBlank @Size(max = Limits.NAME) String fullName,
            @Email @Size(max = Limits.EMAIL) String email) {
    }
}
