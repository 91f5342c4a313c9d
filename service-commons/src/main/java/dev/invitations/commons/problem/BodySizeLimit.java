package dev.invitations.commons.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose declared length passes {@code quarkus.http.limits.max-body-size} is refused with a problem document
 * before its body is read. Quarkus' own body handler refuses it too, but with an empty 413 that no exception mapper sees:
 * this filter runs ahead of it, so the refusal looks like every other one. A chunked body without a length is still
 * cut off by Quarkus at the same limit.
 */
@ApplicationScoped
public class BodySizeLimit {

    // Ahead of the authentication and body handlers, whose priorities are in the hundreds.
    private static final int PRIORITY = 2_000;

    private final long maxBytes;
    private final String problem;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize,
            ObjectMapper mapper) throws JsonProcessingException {
        this.maxBytes = maxBodySize.asLongValue();
        this.problem = mapper.writeValueAsString(new Problem(Problem.typeFor(Status.REQUEST_ENTITY_TOO_LARGE), Status.REQUEST_ENTITY_TOO_LARGE.getReasonPhrase(),
                Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode(), "The request body is larger than the " + maxBytes
                        + " bytes this service takes; send less at a time", List.of()));
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredLength(length) > maxBytes) {
                context.response().setStatusCode(Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode())
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problem);
                return;
            }
            context.next();
        }, PRIORITY);
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
