package dev.invitations.faults;

import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records a topic holds, from its partitions' end offsets: the events a producer has published so far,
 * repeats included. Read as the broker's super user, which may describe every topic.
 */
final class TopicRecords implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private final Admin admin;

    TopicRecords(Endpoints infrastructure) {
        Map<String, Object> config = new HashMap<>(infrastructure.kafkaClientConfig(KafkaCredentials.ADMIN));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
        admin = Admin.create(config);
    }

    long count(String topic) {
        try {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).values().stream()
                    .mapToLong(offset -> offset.offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot count the records of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
