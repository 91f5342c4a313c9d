package dev.invitations.invitationservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.invitations.commons.outbox.Outbox;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The outbox's promise, against the real PostgreSQL and Kafka: an event is published if and only if the transaction
 * that wrote it commits. A rolled-back change must not leak its event to the topic.
 */
@QuarkusTest
@WithKafkaCompanion
class OutboxTransactionTest {

    private static final String TOPIC = "invitation-service.outbox-test";
    private static final String EVENT_TYPE = "dev.invitations.test.OutboxProbe";

    KafkaCompanion kafka;

    @Inject
    Outbox outbox;

    @Test
    void rolledBackChangePublishesNothing() throws Throwable {
        String key = UUID.randomUUID().toString();
        UUID rolledBack = UUID.randomUUID();
        UUID committed = UUID.randomUUID();

        assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> outbox.append(TOPIC, key, EVENT_TYPE, rolledBack, Map.of("change", "rolled back"))
                        .flatMap(appended -> Uni.createFrom().failure(new IllegalStateException("the change fails after its event was written"))))));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> outbox.append(TOPIC, key, EVENT_TYPE, committed, Map.of("change", "committed"))));

        try (TopicRecords records = TopicRecords.of(kafka, TOPIC, Set.of(key))) {
            List<ConsumerRecord<String, String>> published = records.exactly(1);
            assertEquals(committed.toString(), KafkaCompanion.getHeader(published.get(0).headers(), CloudEventHeaders.ID));
        }
    }
}
