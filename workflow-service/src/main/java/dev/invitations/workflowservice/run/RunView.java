package dev.invitations.workflowservice.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "One run of a workflow on a redeeming contact")
public record RunView(
        UUID id,
        String workflowId,
        @Schema(description = "The workflow version the run executes; absent when the workflow did not exist") Integer workflowVersion,
        UUID contactId,
        UUID invitationId,
        @Schema(description = "The InvitationRedeemed event that started the run") UUID eventId,
        RunStatus status,
        @Schema(description = "The workflow's input: runId, contact, invitation, accountId, webRoleIds") JsonNode input,
        @Schema(description = "The workflow's output, once COMPLETED") JsonNode output,
        @Schema(description = "Why the run FAULTED") String error,
        @Schema(description = "How many times the engine started the run (retries and take-overs)") int attempt,
        @Schema(description = "When the redemption was recorded") Instant createdAt,
        @Schema(description = "When the engine last started the run") Instant startedAt,
        Instant endedAt) {
}
