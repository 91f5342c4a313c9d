package dev.invitations.localinfra.kafka;

import dev.invitations.localinfra.process.Directories;
import dev.invitations.localinfra.process.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka 4 cluster in KRaft mode (node 1 is broker and controller), in this JVM, on 127.0.0.1, with
 * fresh log directories on every start. Settings suit one developer machine: automatic topic creation with three
 * partitions, replication factor 1 everywhere, no rebalance delay, small internal topics.
 * <p>
 * Clients log in with SASL/SCRAM-SHA-512 over {@code SASL_PLAINTEXT} ({@link KafkaCredentials}, created when the
 * storage is formatted); the controller listener takes SASL/PLAIN, the broker's own login. The
 * {@code StandardAuthorizer} denies whatever no ACL allows ({@link KafkaAcls}); {@code admin} is the super user.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private static final String CLIENT_LISTENER = "SASL_PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDirectory;
    private final int brokerPort;
    private final int controllerPort;
    private final KafkaCredentials credentials;

    private KafkaBroker(KafkaRaftServer server, Path logDirectory, int brokerPort, int controllerPort,
                        KafkaCredentials credentials) {
        this.server = server;
        this.bootstrapServers = FreePorts.LOOPBACK + ":" + brokerPort;
        this.logDirectory = logDirectory;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.credentials = credentials;
    }

    public static KafkaBroker start(Path logDirectory, KafkaCredentials credentials) throws Exception {
        int[] ports = FreePorts.allocate(2);
        return start(Directories.recreate(logDirectory), ports[0], ports[1], credentials);
    }

    /**
     * Starts on the given ports with the data already in {@code logDirectory}, formatting it only the first time: a
     * restart keeps the cluster id, the topics and the committed offsets ({@link RestartableKafka}).
     */
    public static KafkaBroker start(Path logDirectory, int brokerPort, int controllerPort, KafkaCredentials credentials)
            throws Exception {
        long started = System.nanoTime();
        String bootstrapServers = FreePorts.LOOPBACK + ":" + brokerPort;
        Path data = logDirectory.resolve("data");
        Properties properties = brokerProperties(brokerPort, controllerPort, data.toString(), credentials);
        Path configFile = logDirectory.resolve("server.properties");
        Files.deleteIfExists(configFile);
        // It holds the broker's own password: its owner alone may read it.
        Files.createFile(configFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer writer = Files.newBufferedWriter(configFile)) {
            properties.store(writer, "Written by local-infra for reference; the broker runs in its JVM");
        }
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(configFile, credentials);
        }
        KafkaConfig config = new KafkaConfig(properties, false);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        KafkaBroker broker = new KafkaBroker(server, logDirectory, brokerPort, controllerPort, credentials);
        try {
            // Returns once the broker is unfenced, i.e. serves clients (bounded by its registration timeout).
            server.startup();
            KafkaAcls.provision(bootstrapServers, credentials);
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
        LOG.info("Kafka ready on {} in {} ms (data in {})", bootstrapServers,
                (System.nanoTime() - started) / 1_000_000, logDirectory);
        return broker;
    }

    private static Properties brokerProperties(int brokerPort, int controllerPort, String logDirectory,
                                               KafkaCredentials credentials) {
        String adminPassword = credentials.password(KafkaCredentials.ADMIN);
        Properties properties = new Properties();
        properties.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@" + FreePorts.LOOPBACK + ":" + controllerPort),
                Map.entry("listeners", CLIENT_LISTENER + "://" + FreePorts.LOOPBACK + ":" + brokerPort
                        + "," + CONTROLLER_LISTENER + "://" + FreePorts.LOOPBACK + ":" + controllerPort),
                Map.entry("advertised.listeners", CLIENT_LISTENER + "://" + FreePorts.LOOPBACK + ":" + brokerPort),
                Map.entry("listener.security.protocol.map",
                        CLIENT_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT"),
                Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                Map.entry("inter.broker.listener.name", CLIENT_LISTENER),
                // Clients: SCRAM, whose credentials live in the cluster metadata (formatted in, see format()).
                Map.entry("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM),
                Map.entry("listener.name.sasl_plaintext.sasl.enabled.mechanisms", KafkaCredentials.MECHANISM),
                Map.entry("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                        KafkaCredentials.jaasConfig(KafkaCredentials.ADMIN, adminPassword)),
                // The controller cannot use SCRAM (its credentials are in the metadata it serves): PLAIN, one login.
                Map.entry("sasl.mechanism.controller.protocol", "PLAIN"),
                Map.entry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN"),
                Map.entry("listener.name.controller.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
                                + adminPassword + "\" user_admin=\"" + adminPassword + "\";"),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("allow.everyone.if.no.acl.found", "false"),
                Map.entry("super.users", "User:" + KafkaCredentials.ADMIN),
                Map.entry("log.dirs", logDirectory),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("num.partitions", "3"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // Fewer partitions for the internal topics than the default 50: they are created on first use,
                // and a few partitions are created, and loaded, much faster.
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.num.partitions", "3"),
                // The log cleaner otherwise reserves 128 MiB of heap for compacting __consumer_offsets.
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024)),
                // Two cores: the defaults (8 I/O, 3 network, 10 background threads) only add contention.
                Map.entry("num.io.threads", "2"),
                Map.entry("num.network.threads", "2"),
                Map.entry("background.threads", "2")));
        return properties;
    }

    /** {@code kafka-storage.sh format}: writes meta.properties and the bootstrap metadata into the log directory. */
    private static void format(Path configFile, KafkaCredentials credentials) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        List<String> arguments = new ArrayList<>(List.of(
                "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()));
        // The SCRAM logins go into the bootstrap metadata: they exist before any client connects.
        credentials.passwords().forEach((user, password) -> arguments.addAll(List.of(
                "--add-scram", KafkaCredentials.MECHANISM + "=[name=" + user + ",password=" + password + "]")));
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(arguments.toArray(String[]::new), printStream);
        } catch (RuntimeException e) {
            throw new IOException("Formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IOException("Formatting Kafka storage failed with exit code " + exitCode + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Stops this broker, leaves its port closed for {@code downtime}, and starts a new one on the same ports with the
     * same data (topics, committed offsets, logins): what clients see when a broker restarts. This instance is then
     * stopped for good; the returned one runs.
     */
    public KafkaBroker restart(Duration downtime) throws Exception {
        close();
        Thread.sleep(downtime.toMillis());
        return start(logDirectory, brokerPort, controllerPort, credentials);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka stopped");
    }
}
