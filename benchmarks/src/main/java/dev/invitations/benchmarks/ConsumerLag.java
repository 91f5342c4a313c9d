package dev.invitations.benchmarks;

import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import java.time.Duration;
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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * How far a service's consumer group is behind a topic, from the broker: the records it has not committed yet. The
 * services commit an offset only after the record's effect committed, so a lag of 0 means every published event is
 * applied and nothing is being redelivered: the quiet state a scenario starts from, or waits for before its last count.
 */
final class ConsumerLag implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Admin admin;

    /** Logs in as the super user: reading another principal's group offsets takes DESCRIBE on that group. */
    ConsumerLag(Endpoints infrastructure) {
        Map<String, Object> config = new java.util.HashMap<>(infrastructure.kafkaClientConfig(KafkaCredentials.ADMIN));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        this.admin = Admin.create(config);
    }

    /** Records of {@code topic} that {@code group} has not committed; 0 for a topic nothing was published to yet. */
    long of(String group, String topic) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList();
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream()
                            .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest())))
                    .all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, end -> end.getValue().offset()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return partitions.stream().mapToLong(partition -> {
                OffsetAndMetadata offset = committed.get(partition);
                return ends.get(partition) - (offset == null ? 0 : offset.offset());
            }).sum();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw new IllegalStateException("Cannot read the lag of " + group + " on " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not tell the lag of " + group + " on " + topic + " within "
                    + CALL_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Waits until every group named has committed all of {@code topic}; false if the deadline came first. */
    boolean awaitCaughtUp(String topic, Deadline deadline, String... groups) {
        while (true) {
            boolean caughtUp = true;
            for (String group : groups) {
                caughtUp &= of(group, topic) == 0;
            }
            if (caughtUp) {
                return true;
            }
            if (!deadline.pause(POLL)) {
                return false;
            }
        }
    }

    @Override
    public void close() {
        admin.close(CALL_TIMEOUT);
    }
}
