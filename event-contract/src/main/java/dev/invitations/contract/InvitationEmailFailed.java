package dev.invitations.contract;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** The invitation email could not be delivered after every retry; {@code reason} says why. */
public record InvitationEmailFailed(
        @NotNull UUID eventId,
        @NotNull UUID invitationId,
        @NotNull UUID contactId,
        @NotNull UUID deliveryId,
        @NotBlank @Email @Size(max = Limits.EMAIL) String recipient,
        String reason,
        // Zero: the email was never tried (its code did not decrypt, or its template is missing).
        @PositiveOrZero int attempts,
        @NotNull Instant failedAt) {
}
