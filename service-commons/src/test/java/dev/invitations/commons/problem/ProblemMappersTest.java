package dev.invitations.commons.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The security refusals leave as problem documents that tell the caller what to do next; a refusal with a kind of its
 * own carries its type, every other one its status's.
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
    void aPassingDatabaseFailureIs503WithRetryAfterAndAnyOtherFailureA500() {
        List<Exception> passing = List.of(
                new CompletionException(new PgException("canceling statement due to lock timeout", "ERROR", "55P03", null)),
                new IllegalStateException(new PgException("canceling statement due to statement timeout", "ERROR", "57014", null)),
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null),
                new PgException("connection failure", "FATAL", "08006", null),
                new RuntimeException("as Hibernate converts it", new SQLException("canceling statement due to lock timeout", "55P03")),
                new RuntimeException(new ConnectException("Connection refused")),
                new RuntimeException(new TimeoutException("no connection from the pool in time")));
        for (Exception failure : passing) {
            Response response = mappers.unexpected(failure);
            assertEquals(503, response.getStatus(), failure.toString());
            assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
            assertEquals("5", response.getHeaderString("Retry-After"));
        }
        List<Exception> lasting = List.of(new PgException("duplicate key value", "ERROR", "23505", null),
                new PgException("syntax error", "ERROR", "42601", null), new SQLException("check violation", "23514"),
                new IllegalStateException("a bug"));
        for (Exception failure : lasting) {
            Response response = mappers.unexpected(failure);
            assertEquals(500, response.getStatus(), failure.toString());
            assertNull(response.getHeaderString("Retry-After"));
        }
    }

    @Test
    void missingRoleIs403() {
        Response response = mappers.forbidden(new ForbiddenException());
        assertEquals(403, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
    }

    @Test
    void aRefusalOfItsOwnKindCarriesItsSlugAndEveryOtherOneItsStatuss() {
        Problem typed = (Problem) mappers.refusal(new ProblemException(Problem.typeOf("invitation-expired"), Status.GONE,
                "expired")).getEntity();
        assertEquals("urn:portal-invitations:problem:invitation-expired", typed.type());
        assertEquals(410, typed.status());

        Problem conflict = (Problem) mappers.refusal(ProblemException.conflict("taken")).getEntity();
        assertEquals("urn:portal-invitations:problem:conflict", conflict.type());
        Problem nameTaken = (Problem) mappers.refusal(ProblemException.conflict("name-taken", "taken")).getEntity();
        assertEquals("urn:portal-invitations:problem:name-taken", nameTaken.type());
        assertEquals(409, nameTaken.status());
        assertEquals("urn:portal-invitations:problem:forbidden", ((Problem) mappers.forbidden(new ForbiddenException()).getEntity()).type());
        assertEquals("urn:portal-invitations:problem:unauthenticated",
                ((Problem) mappers.unauthenticated(new UnauthorizedException()).getEntity()).type());
        assertEquals("urn:portal-invitations:problem:invalid-request",
                ((Problem) mappers.refusal(ProblemException.badRequest("name", "must not be blank")).getEntity()).type());
        assertEquals("urn:portal-invitations:problem:internal-error",
                ((Problem) mappers.unexpected(new IllegalStateException("bug")).getEntity()).type());
    }

    /** The slugs are part of the API (docs/architecture.md, "Errors"): a change here is a breaking change. */
    @Test
    void everyStatusHasAStableSlug() {
        assertEquals("urn:portal-invitations:problem:not-found", Problem.typeFor(Status.NOT_FOUND));
        assertEquals("urn:portal-invitations:problem:gone", Problem.typeFor(Status.GONE));
        assertEquals("urn:portal-invitations:problem:request-too-large", Problem.typeFor(Status.REQUEST_ENTITY_TOO_LARGE));
        assertEquals("urn:portal-invitations:problem:unsupported-media-type", Problem.typeFor(Status.UNSUPPORTED_MEDIA_TYPE));
        assertEquals("urn:portal-invitations:problem:too-many-requests", Problem.typeFor(Status.TOO_MANY_REQUESTS));
        assertEquals("urn:portal-invitations:problem:unavailable", Problem.typeFor(Status.SERVICE_UNAVAILABLE));
        assertEquals("urn:portal-invitations:problem:invalid-request", Problem.typeFor(Status.EXPECTATION_FAILED));
        assertEquals("urn:portal-invitations:problem:internal-error", Problem.typeFor(Status.BAD_GATEWAY));
    }
}
