package dev.invitations.endtoend;

import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.system.LocalSystem;
import dev.invitations.portalclient.PortalClient;
import dev.invitations.portalclient.PortalEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole system, started once for every test class of this module that extends with it: the infrastructure and
 * the four services as separate processes, on free ports, exactly as {@code run-local.sh} runs them. Tests receive a
 * {@link PortalClient}, the {@link Mailbox} or the {@link LocalSystem} as parameters. It stops when the test run
 * ends, and then prints how long the suite took, for docs/end-to-end.md.
 */
public final class RunningPortal implements ParameterResolver {

    /** Every asynchronous effect (an email, an applied redemption, a run) must show within this. */
    public static final Duration DEADLINE = Duration.ofSeconds(90);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningPortal.class);
    /** Four JVMs and the infrastructure start on whatever cores the build machine shares with other work. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PortalClient.class || type == Mailbox.class || type == LocalSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Started started = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Started.class, key -> Started.start(), Started.class);
        if (started.failure != null) {
            // Remembered, so that the other test classes fail at once instead of trying for minutes again.
            throw new ParameterResolutionException("The local system did not start", started.failure);
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == PortalClient.class) {
            return started.portal;
        }
        return type == Mailbox.class ? started.mailbox : started.system;
    }

    /** The running system, or why it did not start. Closed by JUnit when the root context closes, at the very end. */
    private static final class Started implements AutoCloseable {
        private final LocalSystem system;
        private final PortalClient portal;
        private final Mailbox mailbox;
        private final RuntimeException failure;
        private final long startedAt;
        private final double startSeconds;

        private Started(LocalSystem system, long startedAt) {
            this.system = system;
            this.failure = null;
            this.startedAt = startedAt;
            this.startSeconds = seconds(startedAt);
            PortalEndpoints endpoints = PortalEndpoints.of(system);
            this.portal = new PortalClient(endpoints);
            this.mailbox = new Mailbox(endpoints.mailbox());
        }

        private Started(RuntimeException failure, long startedAt) {
            this.system = null;
            this.portal = null;
            this.mailbox = null;
            this.failure = failure;
            this.startedAt = startedAt;
            this.startSeconds = seconds(startedAt);
        }

        static Started start() {
            long startedAt = System.nanoTime();
            Path repositoryRoot = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
            // Its own base directory: a local system started by hand (target/local-system) keeps running untouched.
            LocalSystem.Options options = LocalSystem.Options.defaults(repositoryRoot)
                    .withFreePorts()
                    .withBaseDirectory(repositoryRoot.resolve("end-to-end-tests/target/local-system"));
            options = new LocalSystem.Options(options.repositoryRoot(), options.baseDirectory(), options.httpPorts(),
                    READY_TIMEOUT).withTraceViewer(true);
            try {
                LocalSystem system = LocalSystem.start(options);
                Started started = new Started(system, startedAt);
                System.out.printf("End-to-end: the system was ready in %.1f s%n%s%n", started.startSeconds,
                        system.describe());
                return started;
            } catch (IOException e) {
                return new Started(new UncheckedIOException(e), startedAt);
            } catch (RuntimeException e) {
                return new Started(e, startedAt);
            }
        }

        @Override
        public void close() {
            if (system == null) {
                return;
            }
            double beforeStop = seconds(startedAt);
            system.close();
            double total = seconds(startedAt);
            System.out.printf("End-to-end suite: %.1f s in all (system start %.1f s, tests %.1f s, stop %.1f s)%n",
                    total, startSeconds, beforeStop - startSeconds, total - beforeStop);
        }

        private static double seconds(long since) {
            return (System.nanoTime() - since) / 1e9;
        }
    }
}
