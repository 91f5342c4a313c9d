package dev.invitations.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.ContactErased;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.Topics;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** ContactErased records on the real {@code contacts.erased} topic, as invitation-service's outbox relay writes them. */
public final class ContactErasedRecords {

    private ContactErasedRecords() {
    }

    public static ContactErased erasureOf(UUID contactId) {
        return new ContactErased(UUID.randomUUID(), contactId, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** Publishes the events, each keyed by its contact id, and waits for the broker's acknowledgement. */
    public static void publish(KafkaCompanion kafka, ContactErased... events) {
        kafka.produceStrings().fromRecords(Arrays.stream(events).map(ContactErasedRecords::record).toList())
                .awaitCompletion(Duration.ofSeconds(30));
    }

    private static ProducerRecord<String, String> record(ContactErased event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, bytes(event.eventId().toString()));
        headers.add(CloudEventHeaders.TYPE, bytes(EventTypes.CONTACT_ERASED));
        headers.add(CloudEventHeaders.SOURCE, bytes("/invitation-service"));
        headers.add(CloudEventHeaders.TIME, bytes(event.erasedAt().toString()));
        headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_VALUE));
        headers.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
        try {
            return new ProducerRecord<>(Topics.CONTACT_ERASED, null, event.contactId().toString(),
                    EventJson.mapper().writeValueAsString(event), headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
