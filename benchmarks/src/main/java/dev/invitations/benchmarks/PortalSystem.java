package dev.invitations.benchmarks;

import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.system.LocalSystem;
import dev.invitations.localinfra.system.LocalSystem.Service;
import dev.invitations.portalclient.PortalEndpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The system under measurement: either started here by {@link LocalSystem} (free ports, its own base directory under
 * {@code target/benchmarks}), mailing to this tool's {@link SmtpSink}, and stopped at the end; or the one
 * {@code ./run-local.sh} runs on the default ports, mailing to its GreenMail.
 */
final class PortalSystem implements AutoCloseable {

    /** Where LocalSystem's infrastructure publishes its endpoints, under LocalSystem's base directory. */
    private static final Path ENDPOINTS_FILE = Path.of("infra", "endpoints.properties");
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    private final PortalEndpoints endpoints;
    private final Endpoints infrastructure;
    private final List<ProcessMonitor.Watched> processes;
    private final LocalSystem started;
    private final SmtpSink sink;

    private PortalSystem(PortalEndpoints endpoints, Endpoints infrastructure, LocalSystem started, SmtpSink sink,
            PrintStream out) {
        this.endpoints = endpoints;
        this.infrastructure = infrastructure;
        this.started = started;
        this.sink = sink;
        this.processes = findProcesses(endpoints, infrastructure, sink != null, out);
    }

    static PortalSystem start(Path repositoryRoot, Path baseDirectory, PrintStream out) throws IOException {
        out.println("Starting PostgreSQL, Kafka, the mail server and the four services (logs in "
                + baseDirectory.resolve("logs") + ")...");
        long begun = System.nanoTime();
        SmtpSink sink = SmtpSink.start();
        LocalSystem system;
        try {
            system = LocalSystem.start(LocalSystem.Options.defaults(repositoryRoot).withFreePorts()
                    .withBaseDirectory(baseDirectory).withSmtpPort(sink.port())
                    // The figures of docs/benchmarks.md are without tracing: the same CPU per email as before it existed.
                    .withTraceViewer(false));
        } catch (IOException | RuntimeException e) {
            sink.close();
            throw e;
        }
        out.printf("Started in %.0f s; the services mail to the tool's SMTP sink on 127.0.0.1:%d.%n",
                (System.nanoTime() - begun) / 1e9, sink.port());
        try {
            return new PortalSystem(PortalEndpoints.of(system), system.infrastructure(), system, sink, out);
        } catch (RuntimeException e) {
            system.close();
            sink.close();
            throw e;
        }
    }

    /** The system on LocalSystem's default ports, whose infrastructure wrote its endpoints under {@code baseDirectory}. */
    static PortalSystem attach(Path baseDirectory, PrintStream out) throws IOException {
        Path endpointsFile = baseDirectory.resolve(ENDPOINTS_FILE);
        if (!Files.isRegularFile(endpointsFile)) {
            throw new IOException("No local system runs from " + baseDirectory + " (" + endpointsFile
                    + " is missing). Start one with ./run-local.sh, or leave out --use-running.");
        }
        Endpoints infrastructure = Endpoints.readFrom(endpointsFile);
        Map<Service, URI> services = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            services.put(service, URI.create("http://127.0.0.1:" + service.defaultHttpPort()));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
        for (Map.Entry<Service, URI> service : services.entrySet()) {
            URI health = service.getValue().resolve("/q/health/ready");
            try {
                int status = http.send(HttpRequest.newBuilder(health).timeout(HEALTH_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200) {
                    throw new IOException(service.getKey().moduleName() + " is not ready: " + health + " answered " + status);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while checking " + health, e);
            }
        }
        return new PortalSystem(new PortalEndpoints(services.get(Service.INVITATION), services.get(Service.REDEMPTION),
                services.get(Service.NOTIFICATION), services.get(Service.WORKFLOW), infrastructure.mailboxHttpUrl(),
                infrastructure.identityProvider().orElseThrow(() -> new IOException(
                        "The running system has no identity provider; restart it with ./run-local.sh"))),
                infrastructure, null, null, out);
    }

    PortalEndpoints endpoints() {
        return endpoints;
    }

    Endpoints infrastructure() {
        return infrastructure;
    }

    List<ProcessMonitor.Watched> processes() {
        return processes;
    }

    boolean startedHere() {
        return started != null;
    }

    /** The SMTP server the services mail to, when this tool started them; empty with --use-running (GreenMail). */
    Optional<SmtpSink> sink() {
        return Optional.ofNullable(sink);
    }

    /** What arrives for {@code domain} at the server the services mail to, from now until it is closed. */
    MailArrivals mailArrivals(String domain, Deadline deadline, PrintStream out) {
        return sink != null ? sink.arrivalsTo(domain)
                : MailCollector.start(new Mailbox(endpoints.mailbox()), domain, deadline, out);
    }

    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    private static List<ProcessMonitor.Watched> findProcesses(PortalEndpoints endpoints, Endpoints infrastructure,
            boolean sinkHere, PrintStream out) {
        List<ProcessMonitor.Watched> found = new ArrayList<>();
        watch(found, Service.INVITATION.moduleName(), endpoints.invitationService().getPort(), false, out);
        watch(found, Service.REDEMPTION.moduleName(), endpoints.redemptionService().getPort(), false, out);
        watch(found, Service.NOTIFICATION.moduleName(), endpoints.notificationService().getPort(), false, out);
        watch(found, Service.WORKFLOW.moduleName(), endpoints.workflowService().getPort(), false, out);
        String kafka = infrastructure.kafkaBootstrapServers().split(",")[0];
        watch(found, "kafka+mail (infra JVM)", Integer.parseInt(kafka.substring(kafka.lastIndexOf(':') + 1)), false, out);
        watch(found, "postgresql", URI.create(infrastructure.jdbcUrl().substring("jdbc:".length())).getPort(), true, out);
        // The load generator shares the cores too: its own cost belongs in the picture.
        found.add(new ProcessMonitor.Watched(sinkHere ? "benchmark tool + SMTP sink (this JVM)" : "benchmark tool (this JVM)",
                ProcessHandle.current().pid(), false));
        return List.copyOf(found);
    }

    private static void watch(List<ProcessMonitor.Watched> found, String name, int port, boolean withDescendants,
            PrintStream out) {
        OptionalLong pid = ListeningProcesses.pidListeningOn(port);
        if (pid.isPresent()) {
            found.add(new ProcessMonitor.Watched(name, pid.getAsLong(), withDescendants));
        } else {
            out.println("Note: no process found listening on port " + port + " (" + name
                    + "); its memory and CPU are not reported.");
        }
    }
}
