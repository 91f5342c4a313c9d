package dev.invitations.workflowservice.definition;

import io.vertx.pgclient.PgException;

/** Recognises PostgreSQL's unique_violation however Hibernate Reactive wrapped it. */
final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";

    static boolean test(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    private UniqueViolation() {
    }
}
