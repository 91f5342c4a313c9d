package dev.invitations.portalweb.backend;

import java.util.Optional;

/**
 * A service answered a problem: its status, its {@code type} (the slug after {@value #TYPE_PREFIX}, or empty for a
 * problem without one) and, for 429 and 503, its Retry-After seconds.
 */
public class BackendRefusal extends RuntimeException {

    public static final String TYPE_PREFIX = "urn:portal-invitations:problem:";

    private final int status;
    private final String type;
    private final Long retryAfterSeconds;

    public BackendRefusal(int status, String problemType, Long retryAfterSeconds) {
        super("HTTP " + status + (problemType == null ? "" : " " + problemType), null, false, false);
        this.status = status;
        this.type = problemType != null && problemType.startsWith(TYPE_PREFIX) ? problemType.substring(TYPE_PREFIX.length()) : "";
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Optional<Long> retryAfterSeconds() {
        return Optional.ofNullable(retryAfterSeconds);
    }
}
