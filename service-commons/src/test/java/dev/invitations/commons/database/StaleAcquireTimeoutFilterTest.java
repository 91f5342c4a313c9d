package dev.invitations.commons.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class StaleAcquireTimeoutFilterTest {

    private final StaleAcquireTimeoutFilter filter = new StaleAcquireTimeoutFilter();

    /**
     * The bug itself, on the client the services run: a query on a pool whose server refuses connections fails with
     * the refusal, and its acquisition timer then reports the same query once more. If this fails because nothing is
     * reported, the client was fixed: remove the filter and this test.
     */
    @Test
    void aQueryThatCouldNotConnectIsReportedAgainWhenItsTimerFiresAndOnlyThatReportIsDropped() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Throwable> uncaught = new CompletableFuture<>();
            vertx.exceptionHandler(uncaught::complete);
            Pool pool = PgBuilder.pool()
                    .with(new PoolOptions().setConnectionTimeout(1).setConnectionTimeoutUnit(TimeUnit.SECONDS))
                    .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(refusingPort())
                            .setDatabase("nowhere").setUser("nobody"))
                    .using(vertx)
                    .build();

            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> pool.query("select 1").execute().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertInstanceOf(ConnectException.class, refused.getCause(), "the query's own failure");

            Throwable reportedAgain = uncaught.get(10, TimeUnit.SECONDS);
            assertTrue(StaleAcquireTimeoutFilter.isStaleAcquireTimeout(reportedAgain), () -> "not the known report: "
                    + reportedAgain);
            assertFalse(filter.isLoggable(report(reportedAgain)));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everythingElseIsLogged() {
        assertTrue(filter.isLoggable(report(null)), "a record without an exception");
        assertTrue(filter.isLoggable(report(new IllegalStateException("Result is already complete"))),
                "the same message thrown elsewhere");

        IllegalStateException otherMessage = new IllegalStateException("Connection pool closed");
        otherMessage.setStackTrace(stackOfThePoolsTimer());
        assertTrue(filter.isLoggable(report(otherMessage)), "another failure of the pool");

        RuntimeException otherType = new RuntimeException("Result is already complete");
        otherType.setStackTrace(stackOfThePoolsTimer());
        assertTrue(filter.isLoggable(report(otherType)));

        IllegalStateException knownShape = new IllegalStateException("Result is already complete");
        knownShape.setStackTrace(stackOfThePoolsTimer());
        assertFalse(filter.isLoggable(report(knownShape)));
    }

    @Test
    void everyServicesConsoleUsesTheFilter() throws IOException {
        Properties configuration = new Properties();
        try (InputStream shared = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            configuration.load(shared);
        }
        assertEquals(StaleAcquireTimeoutFilter.NAME, configuration.getProperty("quarkus.log.console.filter"));
    }

    private static StackTraceElement[] stackOfThePoolsTimer() {
        return new StackTraceElement[] {
                new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 90),
                new StackTraceElement("io.vertx.sqlclient.impl.pool.SqlConnectionPool", "lambda$execute$3",
                        "SqlConnectionPool.java", 216) };
    }

    private static LogRecord report(Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, "Uncaught exception received by Vert.x");
        record.setThrown(thrown);
        return record;
    }

    /** A loopback port nothing listens on: bound by the kernel's choice, then closed. */
    private static int refusingPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
