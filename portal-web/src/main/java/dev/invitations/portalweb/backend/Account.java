package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** An account redeeming contacts can be assigned to as parent customer, as redemption-service answers it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Account(UUID id, String name, Instant createdAt) {

    /** The body of redemption-service's account create. */
    public record Draft(String name) {
    }
}
