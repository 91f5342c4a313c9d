package dev.invitations.commons.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.junit.jupiter.api.Test;

/**
 * The security refusals leave as problem documents that tell the caller what to do next; a refusal with a kind of its
 * own carries its type, every other one about:blank.
 */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void missingOrBadTokenIs401WithABearerChallenge() {
        for (RuntimeException refusal : new RuntimeException[] {new UnauthorizedException(), new AuthenticationFailedException()}) {
            Response response = mappers.unauthenticated(refusal);
            assertEquals(401, response.getStatus());
            assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
            assertEquals("Bearer", response.getHeaderString("WWW-Authenticate"));
            assertEquals(401, ((Problem) response.getEntity()).status());
        }
    }

    @Test
    void unreachableIdentityProviderIs503WithRetryAfterNotAServerError() {
        Response response = mappers.identityProviderUnavailable(new OIDCException("Connection refused"));
        assertEquals(503, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals("5", response.getHeaderString("Retry-After"));
    }

    @Test
    void missingRoleIs403() {
        Response response = mappers.forbidden(new ForbiddenException());
        assertEquals(403, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
    }

    @Test
    void typedRefusalCarriesItsTypeAndOthersAreUntyped() {
        Problem typed = (Problem) mappers.refusal(new ProblemException(Problem.typeOf("invitation-expired"), Status.GONE,
                "expired")).getEntity();
        assertEquals("urn:portal-invitations:problem:invitation-expired", typed.type());
        assertEquals(410, typed.status());

        Problem untyped = (Problem) mappers.refusal(ProblemException.conflict("taken")).getEntity();
        assertEquals("about:blank", untyped.type());
        assertEquals("about:blank", ((Problem) mappers.forbidden(new ForbiddenException()).getEntity()).type());
    }
}
