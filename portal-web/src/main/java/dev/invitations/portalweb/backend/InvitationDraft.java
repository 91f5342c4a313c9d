package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The body of invitation-service's {@code POST /invitations}; what the operator left out is absent, not null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvitationDraft(String name, String type, Owner owner, Instant expiresAt, UUID inviterContactId,
                              List<UUID> invitedContactIds, UUID assignToAccountId, List<UUID> webRoleIds, String workflowId,
                              Integer maxRedemptions, String templateKey, Reminders reminders, List<String> allowedEmailDomains) {

    public record Owner(String name, String email) {
    }

    /** Either may be absent: the console sends what was typed and invitation-service refuses what is missing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reminders(Integer afterDays, Integer maxReminders) {
    }
}
