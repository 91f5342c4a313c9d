package dev.invitations.commons.database;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops the one error report that is a known bug of the reactive SQL client rather than a failure of ours
 * (eclipse-vertx/vertx-sql-client#1706, open, seen in 4.5.27 to 4.5.34). When a query on the pool cannot get a
 * connection, PostgreSQL being unreachable, the query fails at once with the connection's error, which its caller
 * handles and logs (a WARN, a retry, a 503). The pool leaves that query's acquisition timer (30 s) armed all the same,
 * and when it fires it fails the finished query a second time: Vert.x reports "Result is already complete" as an
 * uncaught exception, at ERROR with a stack trace. After a database outage every query tried during it is followed by
 * one such report half a minute later, which reads as a second, unexplained failure. Only that report is dropped: this
 * exception with this message, thrown by {@code Promise.fail} from the pool's timer.
 *
 * <p>Written here because the fix belongs in the client, which has none yet; {@code StaleAcquireTimeoutFilterTest}
 * reproduces the bug against the client itself, and fails once an upgrade fixes it, which is when this class goes.
 */
@LoggingFilter(name = StaleAcquireTimeoutFilter.NAME)
public final class StaleAcquireTimeoutFilter implements Filter {

    /** What service-commons' configuration names in {@code quarkus.log.console.filter}. */
    static final String NAME = "stale-sql-acquire-timeout";

    private static final String MESSAGE = "Result is already complete";
    private static final String POOL = "io.vertx.sqlclient.impl.pool.SqlConnectionPool";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !isStaleAcquireTimeout(record.getThrown());
    }

    static boolean isStaleAcquireTimeout(Throwable thrown) {
        if (!(thrown instanceof IllegalStateException) || !MESSAGE.equals(thrown.getMessage())) {
            return false;
        }
        StackTraceElement[] stack = thrown.getStackTrace();
        return stack.length > 1
                && "io.vertx.core.Promise".equals(stack[0].getClassName()) && "fail".equals(stack[0].getMethodName())
                && POOL.equals(stack[1].getClassName()) && stack[1].getMethodName().startsWith("lambda$execute$");
    }
}
