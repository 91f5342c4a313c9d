package dev.invitations.invitationservice;

import dev.invitations.commons.problem.ProblemMappers;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The problem document of service-commons' {@link ProblemMappers}, plus the Retry-After header the refusal needs (the
 * shared mapper of {@code ProblemException} has no headers; this one, for the more specific type, takes precedence).
 */
public class RetryLaterMapper {

    @ServerExceptionMapper
    public Response retryLater(RetryLater e) {
        return Response.fromResponse(ProblemMappers.problem(e))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .build();
    }
}
