package dev.invitations.invitationservice;

import dev.invitations.commons.problem.ProblemException;
import jakarta.ws.rs.core.Response.Status;

/** A 429: the request is refused for now and may succeed after {@code retryAfterSeconds} (the Retry-After header). */
public class RetryLater extends ProblemException {

    private final long retryAfterSeconds;

    public RetryLater(String detail, long retryAfterSeconds) {
        super(Status.TOO_MANY_REQUESTS, detail);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
