package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The body of invitation-service's {@code PUT /invitations/{id}/expiry}: null, written out, means no expiry. */
public record Expiry(@JsonInclude(JsonInclude.Include.ALWAYS) Instant expiresAt) {
}
