package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An Invite Redemption Activity as redemption-service answers it: one applied redemption and what became of the
 * account and each web role the invitation named ({@code ASSIGNED}, {@code GRANTED}, {@code ALREADY_HELD},
 * {@code SUPERSEDED}, {@code NOT_FOUND}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RedemptionActivity(UUID id, UUID contactId, Instant redeemedAt, Instant appliedAt, AccountApplied account,
                                 List<WebRoleApplied> webRoles, boolean partial) {

    public RedemptionActivity {
        webRoles = webRoles == null ? List.of() : List.copyOf(webRoles);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccountApplied(UUID id, String outcome) {
    }

    /** @param name the role's name when the redemption was applied; absent when it no longer existed */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WebRoleApplied(UUID id, String name, String outcome) {
    }
}
