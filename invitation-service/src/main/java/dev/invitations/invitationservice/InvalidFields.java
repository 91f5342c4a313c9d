package dev.invitations.invitationservice;

import dev.invitations.commons.problem.Problem.FieldError;
import dev.invitations.commons.problem.ProblemException;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.stream.Collectors;

/** A 400 that names every invalid field at once, so that a client fixes them all in one round. */
public final class InvalidFields {

    public static ProblemException problem(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        return new ProblemException(Status.BAD_REQUEST, detail, errors);
    }

    private InvalidFields() {
    }
}
