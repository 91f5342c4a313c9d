package dev.invitations.operatortools;

import dev.invitations.localinfra.kafka.KafkaCredentials;
import dev.invitations.localinfra.kafka.RestartableKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real broker with the local broker's logins and ACLs for one test class, started before its first test and stopped
 * after its last ({@code @RegisterExtension static final TestBroker kafka = new TestBroker("dir")}), and the clients a
 * test uses to play the other side of a command: logged in as {@code admin}, who may read and write every topic.
 */
final class TestBroker implements BeforeAllCallback, AfterAllCallback {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private RestartableKafka kafka;

    /** {@code directory} under {@code target}: each test class its own, so their brokers never share data or ports. */
    TestBroker(String directory) {
        this.directory = Path.of("target", directory);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = RestartableKafka.create(directory);
        kafka.start(Duration.ofMinutes(2));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The password of one of the broker's logins ({@link KafkaCredentials}), as a deployment puts it in the environment. */
    String password(String user) {
        return kafka.credentials().password(user);
    }

    Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(kafka.credentials().clientConfig(KafkaCredentials.ADMIN));
        config.put("bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(adminConfig(), new StringDeserializer(), new StringDeserializer());
    }

    KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(adminConfig(), new StringSerializer(), new StringSerializer());
    }

    /** Where each partition of {@code topic} ends now: what a test compares with to see what a command published. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions, TIMEOUT);
        }
    }
}
