package dev.invitations.commons.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code errors} lists each invalid field so that a client can point at it; {@code type}
 * is {@link #UNTYPED} unless the refusal has a kind of its own that a client must tell apart from others of its status.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** RFC 9457's type of a problem that its status code describes well enough. */
    public static final String UNTYPED = "about:blank";

    /** This system's own problem types are URNs in one namespace, each kind named by a slug: the prefix before it. */
    public static final String TYPE_NAMESPACE = "urn:portal-invitations:problem:";

    public static String typeOf(String slug) {
        return TYPE_NAMESPACE + slug;
    }

    public record FieldError(String field, String message) {
    }
}
