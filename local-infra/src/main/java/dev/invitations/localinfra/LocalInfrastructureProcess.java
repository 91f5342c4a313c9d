package dev.invitations.localinfra;

import dev.invitations.localinfra.identity.KeycloakServer;
import dev.invitations.localinfra.process.ChildProcesses;
import dev.invitations.localinfra.system.LocalSystem;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LocalInfrastructureMain} in a child JVM, so that the Kafka broker, Scala and GreenMail never share a
 * classpath with the JVM that uses them (a Quarkus test, {@link LocalSystem}). The child runs with this module's
 * runtime classpath, which the build writes into {@value #RUNTIME_CLASSPATH_RESOURCE}; it ends when its standard
 * input closes, so it cannot outlive this JVM, however this JVM ends. That input also carries commands to it
 * ({@link #restartKafka}).
 */
public final class LocalInfrastructureProcess implements AutoCloseable {

    static final String RUNTIME_CLASSPATH_RESOURCE = "dev/invitations/localinfra/runtime.classpath";

    private static final System.Logger LOG = System.getLogger(LocalInfrastructureProcess.class.getName());
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> JVM_OPTIONS = List.of(
            // Startup speed and a small footprint matter more here than peak throughput.
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
            "-Dlog4j2.configurationFile=" + LocalInfrastructureMain.LOG_CONFIGURATION);

    private final Process process;
    private final Endpoints endpoints;
    private final Path endpointsFile;
    private final Path logFile;
    private int restarts;

    private LocalInfrastructureProcess(Process process, Endpoints endpoints, Path endpointsFile, Path logFile) {
        this.process = process;
        this.endpoints = endpoints;
        this.endpointsFile = endpointsFile;
        this.logFile = logFile;
    }

    /**
     * Starts the infrastructure without an identity provider (what the services' tests need) and waits, at most
     * {@code timeout}, until it is ready.
     *
     * @param baseDirectory its state (PostgreSQL, Kafka) and {@code endpoints.properties}
     * @param logFile       where the child JVM's output goes
     */
    public static LocalInfrastructureProcess start(Path baseDirectory, Path logFile, Duration timeout)
            throws IOException {
        return start(baseDirectory, logFile, timeout, false, 0, 0);
    }

    /**
     * Starts the infrastructure and waits, at most {@code timeout}, until it is ready.
     *
     * @param baseDirectory    its state (PostgreSQL, Kafka, Keycloak) and {@code endpoints.properties}
     * @param logFile          where the child JVM's output goes
     * @param identityProvider whether to start Keycloak too (or use the one {@code QUARKUS_OIDC_AUTH_SERVER_URL}
     *                         names): {@link Endpoints#identity()}. The first time on a machine, Keycloak is also
     *                         extracted and built: allow a minute more.
     * @param identityProviderPort Keycloak's HTTP port; 0 means any free port
     * @param webPort          portal-web's HTTP port, where Keycloak lets the sign-in return; 0 when there is none
     */
    public static LocalInfrastructureProcess start(Path baseDirectory, Path logFile, Duration timeout,
                                                   boolean identityProvider, int identityProviderPort, int webPort)
            throws IOException {
        long started = System.nanoTime();
        Path endpointsFile = baseDirectory.resolve("endpoints.properties");
        Files.createDirectories(baseDirectory);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.deleteIfExists(endpointsFile);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", childClasspath(), LocalInfrastructureMain.class.getName(),
                "--base-dir", baseDirectory.toString(),
                "--endpoints-file", endpointsFile.toString(),
                "--exit-when-stdin-closes"));
        if (identityProvider) {
            command.add("--identity-provider");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        if (identityProviderPort > 0) {
            builder.environment().put(KeycloakServer.PORT_VARIABLE, Integer.toString(identityProviderPort));
        } else {
            // Any free port means any free port, even where the shell exports KEYCLOAK_PORT for the local run.
            builder.environment().remove(KeycloakServer.PORT_VARIABLE);
        }
        if (webPort > 0) {
            builder.environment().put(KeycloakServer.WEB_PORT_VARIABLE, Integer.toString(webPort));
        }
        // Keycloak may take all of this start's time: on a loaded machine it is the slowest server to answer.
        builder.environment().put(KeycloakServer.START_TIMEOUT_VARIABLE, Long.toString(Math.max(1, timeout.toSeconds())));
        Process process = builder.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(endpointsFile)) {
            if (!process.isAlive()) {
                throw new IOException("The local infrastructure exited with code " + process.exitValue()
                        + " before it was ready" + ChildProcesses.tail(logFile, 30));
            }
            if (System.nanoTime() > deadline) {
                ChildProcesses.stop(process, Duration.ofSeconds(10));
                throw new IOException("The local infrastructure was not ready within " + timeout.toSeconds() + " s"
                        + ChildProcesses.tail(logFile, 30));
            }
            ChildProcesses.awaitExit(process, Duration.ofMillis(100));
        }
        LocalInfrastructureProcess infrastructure =
                new LocalInfrastructureProcess(process, Endpoints.readFrom(endpointsFile), endpointsFile, logFile);
        LOG.log(Level.INFO, "Local infrastructure (pid {0}) ready in {1} ms; output in {2}",
                String.valueOf(process.pid()), String.valueOf((System.nanoTime() - started) / 1_000_000), logFile);
        return infrastructure;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The endpoints as a properties file ({@link Endpoints#readFrom(Path)}), for other processes. */
    public Path endpointsFile() {
        return endpointsFile;
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Restarts the child's Kafka broker: stopped, its port closed for {@code downtime}, then started again on the same
     * port with the same topics, committed offsets and logins. Returns once it serves clients again.
     *
     * @param timeout how long the whole restart may take, downtime included
     * @throws IOException if the child reports a failure, exits, or takes longer than {@code timeout}
     */
    public synchronized void restartKafka(Duration downtime, Duration timeout) throws IOException {
        Path reply = endpointsFile.resolveSibling("kafka-restart-" + (++restarts) + ".reply");
        Files.deleteIfExists(reply);
        OutputStream commands = process.getOutputStream();
        commands.write((LocalInfrastructureMain.RESTART_KAFKA + " " + downtime.toMillis() + " " + reply + "\n")
                .getBytes(StandardCharsets.UTF_8));
        commands.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(reply)) {
            if (!process.isAlive()) {
                throw new IOException("The local infrastructure exited while restarting Kafka"
                        + ChildProcesses.tail(logFile, 30));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("Kafka did not restart within " + timeout.toSeconds() + " s"
                        + ChildProcesses.tail(logFile, 30));
            }
            ChildProcesses.awaitExit(process, Duration.ofMillis(100));
        }
        String outcome = Files.readString(reply, StandardCharsets.UTF_8);
        if (!outcome.equals(LocalInfrastructureMain.REPLY_OK)) {
            throw new IOException("Kafka did not restart: " + outcome + ChildProcesses.tail(logFile, 30));
        }
    }

    /** Closes the child's standard input, which makes it stop its servers and exit; kills it if it takes too long. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed: the child is exiting anyway.
        }
        if (!ChildProcesses.awaitExit(process, STOP_TIMEOUT)) {
            LOG.log(Level.WARNING, "The local infrastructure did not stop within {0} s; killing it",
                    STOP_TIMEOUT.toSeconds());
            ChildProcesses.stop(process, Duration.ofSeconds(10));
        }
    }

    /**
     * This module's classes (a jar, or target/classes in a reactor build) followed by the jars of its runtime
     * classpath, as the build recorded them. Found through the resource itself, so that it works in whatever class
     * loader loaded this class, Quarkus's included.
     */
    public static String childClasspath() throws IOException {
        URL resource = LocalInfrastructureProcess.class.getClassLoader().getResource(RUNTIME_CLASSPATH_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(RUNTIME_CLASSPATH_RESOURCE + " is missing: build local-infra with Maven");
        }
        String recorded;
        try (InputStream in = resource.openStream()) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        List<String> entries = new ArrayList<>();
        entries.add(moduleLocation(resource).toString());
        for (String entry : recorded.split(File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                throw new IllegalStateException("local-infra's runtime classpath lists " + entry
                        + ", which does not exist; rebuild it: mvn -pl local-infra -am install");
            }
            entries.add(entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The jar or classes directory that holds the resource. */
    private static Path moduleLocation(URL resource) {
        String url = resource.toString();
        try {
            if (url.startsWith("jar:")) {
                return Path.of(new URL(url.substring("jar:".length(), url.indexOf("!/"))).toURI());
            }
            if (url.startsWith("file:")) {
                Path file = Path.of(resource.toURI());
                return Path.of(file.toString().substring(0,
                        file.toString().length() - RUNTIME_CLASSPATH_RESOURCE.length()));
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("Cannot locate local-infra from " + url, e);
        }
        throw new IllegalStateException("Cannot locate local-infra from " + url);
    }
}
