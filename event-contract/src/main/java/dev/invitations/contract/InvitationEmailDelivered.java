package dev.invitations.contract;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** The SMTP server accepted the invitation email for one recipient. */
public record InvitationEmailDelivered(
        @NotNull UUID eventId,
        @NotNull UUID invitationId,
        @NotNull UUID contactId,
        @NotNull UUID deliveryId,
        @NotBlank @Email @Size(max = Limits.EMAIL) String recipient,
        @NotBlank @Size(max = Limits.TEMPLATE_KEY) String templateKey,
        @Positive int templateVersion,
        @NotNull Instant deliveredAt) {
}
