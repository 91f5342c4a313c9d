package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * One run of a workflow on a redeeming contact, as workflow-service answers it (without its input and output, which
 * the console does not show: they hold the contact's personal data).
 *
 * @param status {@code RUNNING}, {@code COMPLETED} or {@code FAULTED}
 * @param error why it faulted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkflowRun(UUID id, String workflowId, Integer workflowVersion, UUID contactId, UUID invitationId, String status,
                          String error, int attempt, Instant createdAt, Instant startedAt, Instant endedAt) {

    public boolean faulted() {
        return "FAULTED".equals(status);
    }
}
