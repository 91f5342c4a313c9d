package dev.invitations.invitationservice.sending;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The invitations to send at once (the seed's \"select many, send once\"); repeated ids are sent once")
public record SendRequest(@NotEmpty List<@NotNull UUID> invitationIds) {
}
