package dev.invitations.contract;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;

/**
 * invitation-service's answer to one command on {@link Topics#COMMAND_RESULTS}, keyed by the command's {@code ce_id}
 * ({@code commandId}). Accepted: {@code body} is what the HTTP API answers for the same operation, without any secret
 * (a created invitation's code is never on a topic; the email carries it). Rejected: {@code problem} is the problem
 * document the HTTP API would answer. A command sent again with the same id gets the first answer again.
 */
public record CommandResult(
        @NotBlank String commandId,
        @NotBlank String commandType,
        @NotNull Outcome outcome,
        JsonNode body,
        @Valid CommandProblem problem,
        @NotNull Instant answeredAt) {

    public enum Outcome {
        ACCEPTED, REJECTED
    }

    /** RFC 9457 fields, as the HTTP API's problem documents have them. */
    public record CommandProblem(
            String type,
            @NotBlank String title,
            @Min(400) @Max(599) int status,
            String detail,
            List<@NotNull @Valid FieldError> errors) {
    }

    public record FieldError(@NotBlank String field, @NotBlank String message) {
    }
}
