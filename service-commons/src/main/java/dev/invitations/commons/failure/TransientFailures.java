package dev.invitations.commons.failure;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that goes away by itself (the database restarting, unreachable or too busy; a lock or statement
 * timeout) from one that would fail the same way again. An HTTP caller is told to retry (503 with Retry-After); nothing
 * is dead-lettered for it.
 */
public final class TransientFailures {

    /**
     * SQLSTATEs after which the same statement may well succeed later: serialization failure and deadlock (40001,
     * 40P01), lock_timeout (55P03), statement_timeout (57014), the server shutting down or starting (57P01-57P03), too
     * many connections or out of disk (53300, 53100); class 08 (connection exceptions) too.
     */
    private static final Set<String> RETRYABLE_SQL_STATES = Set.of("40001", "40P01", "55P03", "57014", "57P01", "57P02", "57P03",
            "53300", "53100");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // Hibernate Reactive hands the client's error on converted to JDBC's, as ORM does: either carries the state.
            String state = cause instanceof DatabaseException database ? database.getSqlState()
                    : cause instanceof SQLException jdbc ? jdbc.getSQLState() : null;
            if (state != null) {
                return state.startsWith("08") || RETRYABLE_SQL_STATES.contains(state);
            }
            // Connection refused or reset, the pool's wait for a connection timed out, a connection closed under a query.
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
