package dev.invitations.invitationservice;

import dev.invitations.commons.problem.ProblemMappers;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The problem document of service-commons' {@link ProblemMappers}, plus the Retry-After header a 429 needs (the shared
 * mapper of {@code ProblemException} has no headers; this one, for the more specific type, takes precedence).
 */
public class RetryLaterMapper {

    @ServerExceptionMapper
    public Response retryLater(RetryLater e) {
        return Response.fromResponse(ProblemMappers.problem(e.status(), e.getMessage(), List.of()))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .build();
    }
}
