package dev.invitations.commons.problem;

import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/**
 * A refusal the client can act on: thrown by services, rendered as problem+json by {@link ProblemMappers}.
 * The factory names match the HTTP meaning the design assigns to each kind of refusal. A refusal that a client must
 * tell apart from others of the same status (a page that explains to a person why a code does not work) carries a
 * {@code type} of its own; every other one its status's ({@link Problem#typeFor}).
 */
public class ProblemException extends RuntimeException {

    private final String type;
    private final Status status;
    private final List<Problem.FieldError> errors;

    public ProblemException(Status status, String detail) {
        this(status, detail, List.of());
    }

    public ProblemException(Status status, String detail, List<Problem.FieldError> errors) {
        this(Problem.typeFor(status), status, detail, errors);
    }

    public ProblemException(String type, Status status, String detail) {
        this(type, status, detail, List.of());
    }

    private ProblemException(String type, Status status, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(Status.BAD_REQUEST, field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Status.NOT_FOUND, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Status.CONFLICT, detail);
    }

    /** A conflict of a kind a client tells apart from other conflicts, by the slug of its type. */
    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Problem.typeOf(slug), Status.CONFLICT, detail);
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(Status.SERVICE_UNAVAILABLE, detail);
    }

    public String type() {
        return type;
    }

    public Status status() {
        return status;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
