package dev.invitations.invitationservice.idempotency;

import dev.invitations.commons.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An Idempotency-Key sent again with another request (body or path): 422, which {@code Response.Status} has no constant
 * for, hence a mapper of its own rather than a {@code ProblemException}.
 */
public class IdempotencyKeyReused extends RuntimeException {

    static final int STATUS = 422;

    IdempotencyKeyReused() {
        super("This Idempotency-Key was used for another request (another body or path); use a new key for a new request",
                null, false, false);
    }

    public static class Mapper {

        @ServerExceptionMapper
        public Response problem(IdempotencyKeyReused reused) {
            return Response.status(STATUS)
                    .type(Problem.MEDIA_TYPE)
                    .entity(new Problem(Problem.typeOf("idempotency-key-reused"), "Unprocessable Content", STATUS,
                            reused.getMessage(), List.of()))
                    .build();
        }
    }
}
