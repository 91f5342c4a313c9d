package dev.invitations.invitationservice.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The bodies of the commands whose HTTP operation takes its subject in the path rather than in a body. The other
 * commands (CreateInvitation, CreateContact) take the HTTP body as it is.
 */
final class CommandBodies {

    record RevokeInvitation(@NotNull UUID invitationId) {
    }

    /** {@code expiresAt} must be written out, as over HTTP: null means "no expiry", a forgotten field must not. */
    record ExtendInvitation(@NotNull UUID invitationId, @JsonProperty(required = true) @Future Instant expiresAt) {
    }

    /**
     * One invitation ({@code invitationId}: answered like {@code POST /invitations/{id}/send}, refused with its problem)
     * or several ({@code invitationIds}: answered like {@code POST /invitations/send}, each refusal listed).
     */
    record SendInvitations(UUID invitationId, List<@NotNull UUID> invitationIds) {

        boolean one() {
            return invitationId != null && invitationIds == null;
        }

        boolean several() {
            return invitationId == null && invitationIds != null && !invitationIds.isEmpty();
        }
    }

    private CommandBodies() {
    }
}
