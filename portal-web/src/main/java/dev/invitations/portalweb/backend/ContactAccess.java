package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.UUID;

/** redemption-service's view of what a contact may do on the portal. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContactAccess(UUID contactId, UUID parentAccountId, List<Named> webRoles) {

    public ContactAccess {
        webRoles = webRoles == null ? List.of() : List.copyOf(webRoles);
    }

    /** An account or a web role: the page shows names only. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Named(UUID id, String name) {
    }
}
