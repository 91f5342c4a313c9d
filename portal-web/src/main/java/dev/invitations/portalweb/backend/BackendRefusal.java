package dev.invitations.portalweb.backend;

import java.util.List;
import java.util.Optional;

/**
 * A service answered a problem: its status, its {@code type} (the slug after {@value #TYPE_PREFIX}, or empty for a
 * problem without one), its {@code detail}, the fields it named in {@code errors[]} and, for 429 and 503, its
 * Retry-After seconds.
 */
public class BackendRefusal extends RuntimeException {

    public static final String TYPE_PREFIX = "urn:portal-invitations:problem:";

    private final int status;
    private final String type;
    private final String detail;
    private final List<FieldError> fieldErrors;
    private final Long retryAfterSeconds;

    public BackendRefusal(int status, String problemType, String detail, List<FieldError> fieldErrors, Long retryAfterSeconds) {
        super("HTTP " + status + (problemType == null ? "" : " " + problemType), null, false, false);
        this.status = status;
        this.type = problemType != null && problemType.startsWith(TYPE_PREFIX) ? problemType.substring(TYPE_PREFIX.length()) : "";
        this.detail = detail;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** What the service said to fix, if it said anything. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    public Optional<Long> retryAfterSeconds() {
        return Optional.ofNullable(retryAfterSeconds);
    }

    /** One entry of a problem's {@code errors[]}: the request field (a JSON path such as {@code owner.email}) and what is wrong. */
    public record FieldError(String field, String message) {
    }
}
