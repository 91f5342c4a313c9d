package dev.invitations.localinfra.kafka;

import dev.invitations.localinfra.LocalInfrastructureMain;
import dev.invitations.localinfra.LocalInfrastructureProcess;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.process.ChildProcesses;
import dev.invitations.localinfra.process.Directories;
import dev.invitations.localinfra.process.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-node Kafka broker, in a child JVM, that a test can stop and start again on the same port with the same
 * data: for tests of what a service does while Kafka is down and once it is back. The shared infrastructure of
 * {@link LocalInfrastructureTestResource} must stay up for every test, so this is a second, separate broker.
 * <pre>
 * try (RestartableKafka kafka = RestartableKafka.create(Path.of("target/restartable-kafka"))) {
 *     kafka.start(Duration.ofMinutes(2));   // configure the service with kafka.bootstrapServers()
 *     kafka.stop();                         // the port refuses connections
 *     kafka.start(Duration.ofMinutes(2));   // same port, same topics and offsets
 * }
 * </pre>
 * The child JVM ends when its standard input closes, so it cannot outlive the JVM that started it.
 */
public final class RestartableKafka implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** How the child JVM learns the logins: not on its command line, which anyone on the machine may read. */
    private static final String CREDENTIALS_VARIABLE = "LOCAL_INFRA_KAFKA_CREDENTIALS";

    private final Path directory;
    private final int brokerPort;
    private final int controllerPort;
    private final KafkaCredentials credentials;
    private Process process;

    private RestartableKafka(Path directory, int brokerPort, int controllerPort, KafkaCredentials credentials) {
        this.directory = directory;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.credentials = credentials;
    }

    /** Chooses the ports and empties the directory; the broker starts with {@link #start}. */
    public static RestartableKafka create(Path directory) throws IOException {
        int[] ports = FreePorts.allocate(2);
        return new RestartableKafka(Directories.recreate(directory.toAbsolutePath()), ports[0], ports[1],
                KafkaCredentials.generate());
    }

    public String bootstrapServers() {
        return FreePorts.LOOPBACK + ":" + brokerPort;
    }

    /** The logins of this broker (SASL/SCRAM-SHA-512, the same ACLs as the shared broker's), kept across restarts. */
    public KafkaCredentials credentials() {
        return credentials;
    }

    /** The Quarkus configuration ({@code kafka.*}) that points a service, and its tests, at this broker as the super user. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", bootstrapServers());
        credentials.clientConfig(KafkaCredentials.ADMIN).forEach((key, value) -> config.put("kafka." + key, value));
        return config;
    }

    /** Starts the broker and waits, at most {@code timeout}, until it answers clients. */
    public synchronized void start(Duration timeout) throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path ready = directory.resolve("ready");
        Path log = directory.resolve("kafka.log");
        Files.deleteIfExists(ready);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx384m", "-XX:+ExitOnOutOfMemoryError",
                "-Dlog4j2.configurationFile=" + LocalInfrastructureMain.LOG_CONFIGURATION,
                "-cp", LocalInfrastructureProcess.childClasspath(), Broker.class.getName(),
                directory.toString(), Integer.toString(brokerPort), Integer.toString(controllerPort)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put(CREDENTIALS_VARIABLE, credentials.serialize());
        process = builder.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(ready)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                ChildProcesses.stop(process, Duration.ofSeconds(10));
                throw new IOException("Kafka on " + bootstrapServers() + " did not start within " + timeout.toSeconds()
                        + " s" + ChildProcesses.tail(log, 30));
            }
            ChildProcesses.awaitExit(process, Duration.ofMillis(100));
        }
    }

    /** Stops the broker: from now on its port refuses connections, until the next {@link #start}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed: the child is exiting anyway.
        }
        if (!ChildProcesses.awaitExit(process, STOP_TIMEOUT)) {
            ChildProcesses.stop(process, Duration.ofSeconds(10));
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The child JVM: runs the broker on the data kept from the last start, signals readiness with a file, and stops
     * when standard input ends.
     * A nested class so that the parent JVM, which has no Kafka broker on its classpath, never loads it.
     */
    static final class Broker {

        public static void main(String[] args) throws Exception {
            Path directory = Path.of(args[0]);
            KafkaBroker broker = KafkaBroker.start(directory, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    KafkaCredentials.parse(System.getenv(CREDENTIALS_VARIABLE)));
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "restartable-kafka-stop"));
            Files.writeString(directory.resolve("ready"), "ready");
            byte[] buffer = new byte[256];
            while (System.in.read(buffer) >= 0) {
                // Only the end of the parent's pipe matters: it means stop.
            }
            System.exit(0);
        }

        private Broker() {
        }
    }
}
