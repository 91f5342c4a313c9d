package dev.invitations.invitationservice;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import jakarta.ws.rs.core.Response.Status;

/**
 * A refusal for now (429 too many requests, 503 a service this one needs is unreachable): the request may succeed
 * after {@code retryAfterSeconds}, which the answer's Retry-After header carries.
 */
public class RetryLater extends ProblemException {

    private final long retryAfterSeconds;

    /** 429. */
    public RetryLater(String detail, long retryAfterSeconds) {
        this(Problem.typeFor(Status.TOO_MANY_REQUESTS), Status.TOO_MANY_REQUESTS, detail, retryAfterSeconds);
    }

    public RetryLater(String type, Status status, String detail, long retryAfterSeconds) {
        super(type, status, detail);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
