package dev.invitations.invitationservice.invitation;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Future;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The new expiry. The field must be present: {@code null} written out means "never expires", while a body that forgot
 * it must not silently remove the expiry.
 */
@Schema(description = "The invitation's new expiry; null: it no longer expires")
public record ExtendExpiryRequest(
        @JsonProperty(required = true) @Future @Schema(description = "A future instant, or null for no expiry", nullable = true,
                required = true) Instant expiresAt) {
}
