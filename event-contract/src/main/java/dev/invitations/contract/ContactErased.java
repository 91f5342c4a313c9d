package dev.invitations.contract;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * A contact was erased at invitation-service; keyed by contact id. Every service that holds a copy of the contact's
 * personal data removes or pseudonymises it when it reads this.
 */
public record ContactErased(
        @NotNull UUID eventId,
        @NotNull UUID contactId,
        @NotNull Instant erasedAt) {
}
