package dev.invitations.invitationservice;

import static org.awaitility.Awaitility.await;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Reads a topic of the real broker from its beginning, keeping only the records of the given keys (invitation ids). */
public final class TopicRecords implements AutoCloseable {

    public static final Duration DEADLINE = Duration.ofSeconds(30);

    private final ConsumerTask<String, String> task;

    private TopicRecords(ConsumerTask<String, String> task) {
        this.task = task;
    }

    public static TopicRecords of(KafkaCompanion kafka, String topic, Set<String> keys) {
        return new TopicRecords(kafka.consumeStrings()
                .withGroupId("invitation-service-test-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(Set.of(topic), records -> records.filter(record -> keys.contains(record.key()))));
    }

    public static TopicRecords of(KafkaCompanion kafka, String topic, UUID key) {
        return of(kafka, topic, Set.of(key.toString()));
    }

    /** Waits for {@code count} records, then makes sure no more arrive for a moment: exactly that many were published. */
    public List<ConsumerRecord<String, String>> exactly(int count) {
        task.awaitRecords(count, DEADLINE);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> task.count() == count);
        return task.getRecords();
    }

    public List<ConsumerRecord<String, String>> atLeast(int count) {
        return atLeast(count, DEADLINE);
    }

    public List<ConsumerRecord<String, String>> atLeast(int count, Duration deadline) {
        return task.awaitRecords(count, deadline).getRecords();
    }

    public long count() {
        return task.count();
    }

    @Override
    public void close() {
        task.close();
    }
}
