package dev.invitations.contract;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An invitation was created. Contacts appear by id only and the code not at all: operators who read the topic learn
 * what was configured, not who the invitees are or how to redeem.
 */
public record InvitationCreated(
        @NotNull UUID eventId,
        @NotNull UUID invitationId,
        @NotBlank @Size(max = Limits.NAME) String invitationName,
        @NotNull InvitationType type,
        @Positive int maxRedemptions,
        Instant expiresAt,
        @NotNull List<@NotNull UUID> invitedContactIds,
        UUID inviterContactId,
        UUID assignToAccountId,
        List<@NotNull UUID> webRoleIds,
        @Size(max = Limits.WORKFLOW_ID) String workflowId,
        @Size(max = Limits.TEMPLATE_KEY) String templateKey,
        @NotNull Instant createdAt) {
}
