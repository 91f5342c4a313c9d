package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * What invitation-service's {@code POST /invitations/lookup} tells about a code: display fields only, never the code,
 * an id or an address. Fields it adds later are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InvitationPreview(
        String name,
        String type,
        Status status,
        Instant expiresAt,
        String ownerName,
        String inviterName,
        String accountName,
        List<String> webRoleNames,
        boolean runsWorkflow,
        int redemptionsLeft,
        List<String> allowedEmailDomains) {

    public enum Status {
        REDEEMABLE, REVOKED, EXPIRED, REDEEMED, MAXIMUM_REACHED
    }

    public InvitationPreview {
        webRoleNames = webRoleNames == null ? List.of() : List.copyOf(webRoleNames);
        // Absent: any domain.
        allowedEmailDomains = allowedEmailDomains == null ? List.of() : List.copyOf(allowedEmailDomains);
    }
}
