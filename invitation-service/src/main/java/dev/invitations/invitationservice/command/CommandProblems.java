package dev.invitations.invitationservice.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.commons.problem.ProblemMappers;
import dev.invitations.commons.problem.StoredDataConflicts;
import dev.invitations.contract.CommandResult.CommandProblem;
import dev.invitations.contract.CommandResult.FieldError;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The problem document a refused command is answered with: the very one the HTTP API answers for the same refusal,
 * made by the same mappers, so that a client reads both alike.
 */
final class CommandProblems {

    private static final ProblemMappers MAPPERS = new ProblemMappers();
    private static final StoredDataConflicts CONFLICTS = new StoredDataConflicts();

    /** Empty for a failure that is no refusal of the command (a passing outage, a bug): it is not answered. */
    static Optional<CommandProblem> of(Throwable failure) {
        return response(failure).map(response -> {
            Problem problem = (Problem) response.getEntity();
            return new CommandProblem(problem.type(), problem.title(), problem.status(), problem.detail(),
                    problem.errors() == null || problem.errors().isEmpty() ? null
                            : problem.errors().stream().map(e -> new FieldError(e.field(), e.message())).toList());
        });
    }

    static boolean isRefusal(Throwable failure) {
        return response(failure).isPresent();
    }

    /** 429 or 503: the same command may well be accepted later, so its refusal is not kept as its answer. */
    static boolean isForNow(CommandProblem problem) {
        return problem.status() == 429 || problem.status() == 503;
    }

    private static Optional<Response> response(Throwable failure) {
        if (failure instanceof ProblemException refusal) {
            return Optional.of(ProblemMappers.problem(refusal));
        }
        if (failure instanceof JsonProcessingException unreadable) {
            return Optional.of(MAPPERS.unreadableJson(unreadable));
        }
        if (failure instanceof ConstraintViolationException invalid) {
            return Optional.of(MAPPERS.invalidInput(invalid));
        }
        // A unique key refused the write (a primary address taken meanwhile); Hibernate Reactive may wrap it.
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof org.hibernate.exception.ConstraintViolationException conflict) {
                return Optional.of(CONFLICTS.refusedByConstraint(conflict));
            }
        }
        return Optional.empty();
    }

    private CommandProblems() {
    }
}
