package dev.invitations.commons.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code errors} lists each invalid field so that a client can point at it. Every
 * {@code type} is a URN of this system's namespace: a refusal that a client must tell apart from others of its status
 * has a slug of its own ({@link #typeOf}); every other one has its status's ({@link #typeFor}). Slugs are part of the
 * API: never renamed (docs/architecture.md, "Errors", lists them).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** This system's own problem types are URNs in one namespace, each kind named by a slug: the prefix before it. */
    public static final String TYPE_NAMESPACE = "urn:portal-invitations:problem:";

    public static String typeOf(String slug) {
        return TYPE_NAMESPACE + slug;
    }

    /** The type of a refusal that its status describes well enough: {@code invalid-request}, {@code not-found}... */
    public static String typeFor(Status status) {
        return typeOf(switch (status) {
            case BAD_REQUEST -> "invalid-request";
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case CONFLICT -> "conflict";
            case GONE -> "gone";
            case REQUEST_ENTITY_TOO_LARGE -> "request-too-large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case TOO_MANY_REQUESTS -> "too-many-requests";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.getFamily() == Status.Family.CLIENT_ERROR ? "invalid-request" : "internal-error";
        });
    }

    public record FieldError(String field, String message) {
    }
}
