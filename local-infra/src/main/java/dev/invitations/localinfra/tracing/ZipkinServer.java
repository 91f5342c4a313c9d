package dev.invitations.localinfra.tracing;

import dev.invitations.localinfra.process.ChildProcesses;
import dev.invitations.localinfra.process.FreePorts;
import dev.invitations.localinfra.process.RecordedArtifacts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The local run's trace viewer: a Zipkin server ({@code io.zipkin:zipkin-server}'s exec jar, a Spring Boot fat jar
 * from the local Maven repository, whose path the build records in {@value #JAR_RESOURCE}) as a child JVM on
 * 127.0.0.1, a free port, spans in memory only. Jaeger, which compose and Kubernetes run, is in no registry this
 * build can reach; Zipkin 3 has no OTLP receiver, so the services export to it in Zipkin's format
 * ({@code portal.tracing.zipkin-endpoint}, tracing-support's {@code ZipkinTracing}).
 *
 * <p>Kept small, as it runs beside four services on two cores: serial collector, C1 only, a 96 MB heap (it holds a few
 * thousand traces at most in a local run) and its own logging at WARN. {@link #start} returns at once, so the JVM
 * boots beside the infrastructure; {@link #awaitReady} then waits for it.
 */
public final class ZipkinServer implements AutoCloseable {

    static final String JAR_RESOURCE = "dev/invitations/localinfra/zipkin-server.path";
    private static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xms16m", "-Xmx96m", "-XX:ReservedCodeCacheSize=32m");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final URI baseUrl;
    private final Path logFile;

    private ZipkinServer(Process process, URI baseUrl, Path logFile) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
    }

    /** Launches the server; it is listening once {@link #awaitReady} returns. */
    public static ZipkinServer start(Path logFile) throws IOException {
        int port = FreePorts.allocate();
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", RecordedArtifacts.path(JAR_RESOURCE, "Zipkin's server jar").toString(),
                // Armeria, not Spring's web server, serves Zipkin: its port entry, not server.address, sets the bind
                // address (server.address alone left it on every interface, measured).
                "--server.address=" + FreePorts.LOOPBACK,
                "--armeria.ports[0].ip=" + FreePorts.LOOPBACK,
                "--armeria.ports[0].port=" + port,
                "--armeria.ports[0].protocols[0]=http",
                "--logging.level.root=WARN"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
        builder.environment().put("STORAGE_TYPE", "mem");
        builder.environment().put("QUERY_PORT", Integer.toString(port));
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        return new ZipkinServer(builder.start(), URI.create("http://" + FreePorts.LOOPBACK + ":" + port), logFile);
    }

    /** Waits until the server answers its health check; stops it and throws if it exits or the deadline passes. */
    public void awaitReady(long deadlineNanos) throws IOException {
        try {
            ChildProcesses.awaitAnswer(process, baseUrl.resolve("/health"), deadlineNanos, logFile, "Zipkin", POLL_INTERVAL);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Where the services send their spans ({@code POST}, Zipkin's JSON v2). */
    public URI spansEndpoint() {
        return baseUrl.resolve("/api/v2/spans");
    }

    /** Zipkin's API root, {@code /api/v2/}: {@code trace/{traceId}}, {@code services}... */
    public URI api() {
        return baseUrl.resolve("/api/v2/");
    }

    /** The web UI, for a developer's browser. */
    public URI ui() {
        return baseUrl.resolve("/zipkin/");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, STOP_GRACE);
    }
}
