package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** An invitation in invitation-service's list: its state at a glance. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InvitationSummary(UUID id, String name, String type, String status, Instant expiresAt, int maxRedemptions,
                                int redemptionCount, Instant createdAt, Instant lastSentAt) {
}
