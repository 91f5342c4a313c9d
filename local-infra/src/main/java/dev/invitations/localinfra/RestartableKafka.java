package dev.invitations.localinfra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

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

    private final Path directory;
    private final int brokerPort;
    private final int controllerPort;
    private Process process;

    private RestartableKafka(Path directory, int brokerPort, int controllerPort) {
        this.directory = directory;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Chooses the ports and empties the directory; the broker starts with {@link #start}. */
    public static RestartableKafka create(Path directory) throws IOException {
        int[] ports = FreePorts.allocate(2);
        return new RestartableKafka(Directories.recreate(directory.toAbsolutePath()), ports[0], ports[1]);
    }

    public String bootstrapServers() {
        return FreePorts.LOOPBACK + ":" + brokerPort;
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
                "-cp", childClasspath(), Broker.class.getName(),
                directory.toString(), Integer.toString(brokerPort), Integer.toString(controllerPort)));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
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

    /** This module followed by the jars of its runtime classpath, which hold the broker and which the build recorded. */
    private static String childClasspath() throws IOException {
        String recordedClasspath = LocalInfrastructureProcess.RUNTIME_CLASSPATH_RESOURCE;
        URL resource = RestartableKafka.class.getClassLoader().getResource(recordedClasspath);
        if (resource == null) {
            throw new IllegalStateException(recordedClasspath + " is missing: build local-infra with Maven");
        }
        String recorded;
        try (InputStream in = resource.openStream()) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        String url = resource.toString();
        try {
            String module;
            if (url.startsWith("jar:")) {
                module = Path.of(new URL(url.substring("jar:".length(), url.indexOf("!/"))).toURI()).toString();
            } else {
                String file = Path.of(resource.toURI()).toString();
                module = file.substring(0, file.length() - recordedClasspath.length());
            }
            return module + File.pathSeparator + recorded;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate local-infra from " + url, e);
        }
    }

    /**
     * The child JVM: formats the data directory on the first start only (so a restart keeps the cluster id, the topics
     * and the committed offsets), runs the broker, signals readiness with a file, and stops when standard input ends.
     * A nested class so that the parent JVM, which has no Kafka broker on its classpath, never loads it.
     */
    static final class Broker {

        public static void main(String[] args) throws Exception {
            Path directory = Path.of(args[0]);
            int brokerPort = Integer.parseInt(args[1]);
            int controllerPort = Integer.parseInt(args[2]);
            Path data = directory.resolve("data");
            Properties properties = new Properties();
            properties.putAll(Map.ofEntries(
                    Map.entry("process.roles", "broker,controller"),
                    Map.entry("node.id", "1"),
                    Map.entry("controller.quorum.voters", "1@" + FreePorts.LOOPBACK + ":" + controllerPort),
                    Map.entry("listeners", "PLAINTEXT://" + FreePorts.LOOPBACK + ":" + brokerPort
                            + ",CONTROLLER://" + FreePorts.LOOPBACK + ":" + controllerPort),
                    Map.entry("advertised.listeners", "PLAINTEXT://" + FreePorts.LOOPBACK + ":" + brokerPort),
                    Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                    Map.entry("controller.listener.names", "CONTROLLER"),
                    Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                    Map.entry("log.dirs", data.toString()),
                    Map.entry("auto.create.topics.enable", "true"),
                    Map.entry("num.partitions", "1"),
                    Map.entry("offsets.topic.replication.factor", "1"),
                    Map.entry("offsets.topic.num.partitions", "1"),
                    Map.entry("transaction.state.log.replication.factor", "1"),
                    Map.entry("transaction.state.log.min.isr", "1"),
                    Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                    Map.entry("share.coordinator.state.topic.min.isr", "1"),
                    Map.entry("group.initial.rebalance.delay.ms", "0"),
                    Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024)),
                    Map.entry("num.io.threads", "2"),
                    Map.entry("num.network.threads", "2"),
                    Map.entry("background.threads", "2")));
            Path configFile = directory.resolve("server.properties");
            try (var writer = Files.newBufferedWriter(configFile)) {
                properties.store(writer, "RestartableKafka");
            }
            if (!Files.exists(data.resolve("meta.properties"))) {
                int exitCode = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                        "--config", configFile.toString()}, new PrintStream(System.out, true, StandardCharsets.UTF_8));
                if (exitCode != 0) {
                    throw new IOException("Formatting Kafka storage failed with exit code " + exitCode);
                }
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.shutdown();
                server.awaitShutdown();
            }, "restartable-kafka-stop"));
            server.startup();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, FreePorts.LOOPBACK + ":" + brokerPort))) {
                admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
            }
            Files.writeString(directory.resolve("ready"), "ready");
            System.out.println("Kafka ready on " + FreePorts.LOOPBACK + ":" + brokerPort);
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
