package dev.invitations.workflowservice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.commons.failure.DeadLetterCount;
import dev.invitations.contract.Topics;
import dev.invitations.testsupport.Metrics;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an operator's scraper sees when the consumer dead-letters a record: the service's dead-letter count rises. */
@QuarkusTest
@WithKafkaCompanion
class DeadLetterCountTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String SERIES = DeadLetterCount.METER.replace('.', '_') + "_total";
    private static final Map<String, String> LABELS = Map.of(
            "channel", "invitations-redeemed", "topic", Topics.deadLetter("workflow-service"));

    KafkaCompanion kafka;

    @Test
    void aMalformedRecordIsCountedInTheServicesDeadLetterMetric() {
        OptionalDouble exposed = Metrics.value(SERIES, LABELS);
        assertTrue(exposed.isPresent(), SERIES + LABELS + " is exposed before any record is dead-lettered");
        double before = exposed.getAsDouble();
        String key = UUID.randomUUID().toString();

        try (ConsumerTask<String, String> deadLetters = kafka.consumeStrings()
                .fromTopics(Topics.deadLetter("workflow-service"))) {
            new Redemptions(kafka).publishRaw(key, "{this is not an event");

            await().atMost(DEADLINE).until(() -> deadLetters.getRecords().stream().anyMatch(r -> key.equals(r.key())));
        }
        // The count follows the broker's acknowledgement of the dead-letter record, which the consumer above has seen.
        await().atMost(DEADLINE).until(() -> Metrics.value(SERIES, LABELS).orElse(before) > before);
        assertEquals(before + 1, Metrics.value(SERIES, LABELS).orElseThrow());
    }
}
