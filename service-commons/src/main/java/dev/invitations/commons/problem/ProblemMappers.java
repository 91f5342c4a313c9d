package dev.invitations.commons.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.invitations.commons.failure.TransientFailures;
import io.quarkus.logging.Log;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every HTTP error of every service leaves as application/problem+json, whatever raised it. */
public class ProblemMappers {

    /** Retry-After of a refusal that a database outage, a lock or statement timeout caused. */
    static final String DATABASE_RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public Response refusal(ProblemException e) {
        return problem(e);
    }

    @ServerExceptionMapper
    public Response invalidInput(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(err -> err.field() + ": " + err.message()).collect(Collectors.joining("; "));
        return problem(Status.BAD_REQUEST, detail, errors);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof MismatchedInputException mismatch ? jsonPath(mismatch) : null;
        String reason = e instanceof InvalidFormatException invalid
                ? "value '" + invalid.getValue() + "' is not a valid " + invalid.getTargetType().getSimpleName()
                : e.getOriginalMessage();
        List<Problem.FieldError> errors = field == null ? List.of() : List.of(new Problem.FieldError(field, reason));
        return problem(Status.BAD_REQUEST, "Malformed JSON body" + (field == null ? "" : " at " + field) + ": " + reason, errors);
    }

    /** Takes precedence over Quarkus' own mapper of this type, whose body is not a problem document. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response httpError(WebApplicationException e) {
        // Quarkus' JSON reader wraps a body it cannot parse in a plain 400; the parser's message says what to fix.
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable);
        }
        Status status = Status.fromStatusCode(e.getResponse().getStatus());
        return problem(status == null ? Status.INTERNAL_SERVER_ERROR : status, e.getMessage(), List.of());
    }

    /**
     * No token, or one that failed verification (signature, issuer, expiry). Authentication is lazy (not proactive), so
     * these reach the REST layer and leave as problem documents like every other refusal.
     */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e) {
        return problemWithHeader(Status.UNAUTHORIZED,
                "This call needs a valid access token from the identity provider (Authorization: Bearer <token>)",
                HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    /** The identity provider could not be asked for its keys: the token may be fine, so the caller should retry. */
    @ServerExceptionMapper
    public Response identityProviderUnavailable(OIDCException e) {
        Log.warnf("The identity provider cannot be reached to verify a token: %s", e.getMessage());
        return problemWithHeader(Status.SERVICE_UNAVAILABLE,
                "The identity provider cannot be reached to verify the token; retry shortly", HttpHeaders.RETRY_AFTER, "5");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(Status.FORBIDDEN, "The caller's token does not carry a role that may make this call", List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (TransientFailures.isTransient(e)) {
            // Nothing was applied: the transaction did not commit. The caller may retry the same request.
            Log.warnf("A request met a passing database failure and was refused with 503: %s", e.toString());
            return problemWithHeader(Status.SERVICE_UNAVAILABLE, "The database is unavailable or busy; nothing was changed, retry shortly",
                    HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER_SECONDS);
        }
        Log.error("Unexpected failure while serving a request", e);
        return problem(Status.INTERNAL_SERVER_ERROR, "Internal error; the request may be retried", List.of());
    }

    /** A refusal whose header tells the caller what to do next (how to authenticate, when to retry). */
    private static Response problemWithHeader(Status status, String detail, String header, String value) {
        return Response.fromResponse(problem(status, detail, List.of())).header(header, value).build();
    }

    public static Response problem(Status status, String detail, List<Problem.FieldError> errors) {
        return problem(Problem.typeFor(status), status, detail, errors);
    }

    /** The refusal's problem document, its type included; for mappers of subtypes that add a header. */
    public static Response problem(ProblemException refusal) {
        return problem(refusal.type(), refusal.status(), refusal.getMessage(), refusal.errors());
    }

    private static Response problem(String type, Status status, String detail, List<Problem.FieldError> errors) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, status.getReasonPhrase(), status.getStatusCode(), detail, errors))
                .build();
    }

    /**
     * Strips the method and parameter prefix Bean Validation puts on resource arguments ("create.request.name" -> "name")
     * and the container element node of a constraint on a list element ("ids[0].&lt;list element&gt;" -> "ids[0]"). A
     * bean validated by itself (a command read from Kafka) has no such prefix, and its fields are named alike.
     */
    private static String fieldName(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString().replaceAll("\\.<[a-z ]+ (element|key|value)>", "");
        long executableNodes = StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .map(Path.Node::getKind)
                .takeWhile(kind -> kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.PARAMETER)
                .count();
        String[] parts = path.split("\\.", (int) executableNodes + 1);
        return parts[parts.length - 1];
    }

    private static String jsonPath(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? null : path;
    }
}
