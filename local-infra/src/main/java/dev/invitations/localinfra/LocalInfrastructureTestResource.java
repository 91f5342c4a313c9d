package dev.invitations.localinfra;

import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.postgres.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Points a service's {@code @QuarkusTest}s at real PostgreSQL, Kafka and SMTP/IMAP servers:
 * <pre>
 * &#64;QuarkusTestResource(value = LocalInfrastructureTestResource.class, restrictToAnnotatedClass = false)
 * </pre>
 * The servers start once per test JVM, in a child JVM ({@link LocalInfrastructureProcess}), on the first test class
 * that needs them; later test classes and Quarkus restarts reuse them, and they stop when the test JVM exits.
 * Their state lives in {@code target/local-infra} (system property {@code local-infra.base-dir} overrides it).
 */
public class LocalInfrastructureTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * Set once the infrastructure runs: the path of its endpoints file. A system property, not a static field,
     * because Quarkus loads this class anew in each application class loader (one per test profile), and a static
     * field would start the servers once per class loader instead of once per JVM.
     */
    private static final String ENDPOINTS_FILE_PROPERTY = "local-infra.endpoints-file";
    private static final String BASE_DIR_PROPERTY = "local-infra.base-dir";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    @Override
    public Map<String, String> start() {
        return endpoints().quarkusConfig();
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM: a shutdown hook stops it when the JVM exits.
    }

    /** Where the servers listen; starts them if no test resource did yet. */
    public static Endpoints endpoints() {
        // System properties are the one lock every class loader of this JVM shares.
        synchronized (System.getProperties()) {
            try {
                String endpointsFile = System.getProperty(ENDPOINTS_FILE_PROPERTY);
                if (endpointsFile != null) {
                    return Endpoints.readFrom(Path.of(endpointsFile));
                }
                Path baseDirectory = Path.of(System.getProperty(BASE_DIR_PROPERTY, "target/local-infra"))
                        .toAbsolutePath();
                LocalInfrastructureProcess infrastructure = LocalInfrastructureProcess.start(
                        baseDirectory, baseDirectory.resolve("local-infra.log"), START_TIMEOUT);
                Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "local-infra-stop"));
                System.setProperty(ENDPOINTS_FILE_PROPERTY, infrastructure.endpointsFile().toString());
                return infrastructure.endpoints();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the local infrastructure", e);
            }
        }
    }

    /**
     * Stops this JVM's PostgreSQL server, runs {@code during} (the outage) and starts the server again, on the same
     * data and port, whatever {@code during} did: the services see their connections ended and refused.
     */
    public static void duringDatabaseOutage(OutageWork during) throws Exception {
        endpoints();
        PostgresServer server = PostgresServer.attach(Path.of(System.getProperty(BASE_DIR_PROPERTY, "target/local-infra")).toAbsolutePath());
        server.stopFast();
        try {
            during.run();
        } finally {
            server.startAgain();
        }
    }

    /** What a test does while a server is away. */
    @FunctionalInterface
    public interface OutageWork {
        void run() throws Exception;
    }

    /** A {@link Mailbox} on the local SMTP server's HTTP inbox. */
    public static Mailbox mailbox() {
        return Mailbox.of(endpoints());
    }
}
