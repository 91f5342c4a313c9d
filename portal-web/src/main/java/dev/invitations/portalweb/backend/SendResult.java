package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.UUID;

/** invitation-service's answer to a bulk send: how many invitations and emails went, and each one refused with its reason. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendResult(int accepted, int recipients, List<Rejected> rejected) {

    public SendResult {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rejected(UUID id, String reason) {
    }

    /** The body of {@code POST /invitations/send}. */
    public record Request(List<UUID> invitationIds) {
    }
}
