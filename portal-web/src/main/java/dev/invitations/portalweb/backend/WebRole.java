package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** A portal web role that redemptions can grant, as redemption-service answers it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebRole(UUID id, String name, String description, Instant createdAt) {

    /** The body of redemption-service's web role create; a blank description is absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Draft(String name, String description) {
    }
}
