package dev.invitations.faults;

import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.system.LocalSystem;
import dev.invitations.portalclient.PortalClient;
import dev.invitations.portalclient.PortalEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole system for this module, started once for all its test classes: the infrastructure and the services as
 * processes on free ports, in {@code fault-injection-tests/target/local-system}. A system of its own, not the
 * end-to-end suite's: these tests kill its processes and restart its broker. Tests receive a {@link FaultSystem.Running}
 * as a parameter; each test's duration is printed, and the suite's when the run ends.
 */
public final class FaultSystem implements ParameterResolver, BeforeTestExecutionCallback, AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FaultSystem.class);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static volatile long systemReadyAt = Long.MIN_VALUE;

    /** What a test drives and kills. */
    public record Running(LocalSystem system, PortalClient portal, Mailbox mailbox) {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Started.class, key -> Started.start(),
                Started.class).running();
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NAMESPACE).put("started", System.nanoTime());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        // The first test's parameter starts the system after this test's clock started: its time is not the test's.
        long started = Math.max(context.getStore(NAMESPACE).get("started", Long.class), systemReadyAt);
        System.out.printf("[fault suite] %s.%s took %.1f s (%s)%n", context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName(), (System.nanoTime() - started) / 1e9,
                context.getExecutionException().isPresent() ? "failed" : "passed");
    }

    /** The system, or why it did not start; closed by JUnit with the root context, after the last test class. */
    private record Started(long startedAt, Running running, RuntimeException failure) implements AutoCloseable {

        static Started start() {
            long startedAt = System.nanoTime();
            Path root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
            LocalSystem.Options options = LocalSystem.Options.defaults(root).withFreePorts()
                    .withBaseDirectory(root.resolve("fault-injection-tests/target/local-system"))
                    .withReadyTimeout(READY_TIMEOUT)
                    // The faults are in the services, Kafka and the database; a trace viewer would only take memory.
                    .withTraceViewer(false);
            try {
                LocalSystem system = LocalSystem.start(options);
                PortalEndpoints endpoints = PortalEndpoints.of(system);
                // HTTP/1.1, as portal-web calls: Java 17's HTTP/2 client loses answers at a graceful shutdown.
                Running running = new Running(system, new PortalClient(endpoints, HttpClient.Version.HTTP_1_1),
                        new Mailbox(endpoints.mailbox()));
                System.out.printf("[fault suite] the system was ready in %.1f s%n%s%n", seconds(startedAt),
                        system.describe());
                systemReadyAt = System.nanoTime();
                return new Started(startedAt, running, null);
            } catch (IOException e) {
                return new Started(startedAt, null, new UncheckedIOException(e));
            } catch (RuntimeException e) {
                return new Started(startedAt, null, e);
            }
        }

        /** The system, or, for every test class after the first, the same start failure at once. */
        @Override
        public Running running() {
            if (failure != null) {
                throw failure;
            }
            return running;
        }

        @Override
        public void close() {
            if (running != null) {
                running.system().close();
            }
            System.out.printf("[fault suite] %.1f s in all, system start and stop included%n", seconds(startedAt));
        }

        private static double seconds(long since) {
            return (System.nanoTime() - since) / 1e9;
        }
    }
}
