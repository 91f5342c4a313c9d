package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** invitation-service's answer to a redemption: which contact redeemed. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Redeemed(UUID invitationId, UUID contactId, int redemptionCount) {
}
