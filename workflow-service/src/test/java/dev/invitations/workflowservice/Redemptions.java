package dev.invitations.workflowservice;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes InvitationRedeemed records to the real broker as invitation-service does: JSON value, CloudEvents headers. */
final class Redemptions {

    private final KafkaCompanion kafka;

    Redemptions(KafkaCompanion kafka) {
        this.kafka = kafka;
    }

    static InvitationRedeemed of(UUID invitationId, String workflowId) {
        UUID contactId = UUID.randomUUID();
        return new InvitationRedeemed(UUID.randomUUID(), invitationId, "Partner portal", InvitationType.GROUP,
                new InvitationRedeemed.RedeemingContact(contactId, "Ada Lovelace", "ada-" + contactId + "@example.com"),
                UUID.randomUUID(), List.of(UUID.randomUUID(), UUID.randomUUID()), workflowId, 1, 10, Instant.now());
    }

    /**
     * Publishes record values (JSON of an event, or anything) with one key in one go, so that they land on one partition
     * back to back and the consumer's next poll very likely takes them together.
     *
     * @return where the last one landed
     */
    RecordMetadata publishTogether(String key, List<String> values) {
        return kafka.produceStrings().fromRecords(values.stream().map(value -> record(key, value, UUID.randomUUID())).toList())
                .awaitCompletion(Duration.ofSeconds(30))
                .getLastRecord();
    }

    static String json(InvitationRedeemed event) {
        return record(event).value();
    }

    static InvitationRedeemed of(String workflowId) {
        return of(UUID.randomUUID(), workflowId);
    }

    void publish(InvitationRedeemed... events) {
        for (InvitationRedeemed event : events) {
            send(record(event));
        }
    }

    void publishRaw(String key, String value) {
        send(record(key, value, UUID.randomUUID()));
    }

    /** The record invitation-service's relay publishes for {@code event}. */
    static ProducerRecord<String, String> record(InvitationRedeemed event) {
        try {
            return record(event.invitationId().toString(), EventJson.mapper().writeValueAsString(event), event.eventId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProducerRecord<String, String> record(String key, String value, UUID eventId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INVITATION_REDEEMED, key, value);
        record.headers().add(CloudEventHeaders.ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, EventTypes.INVITATION_REDEEMED.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SOURCE, "/invitation-service".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    void send(ProducerRecord<String, String> record) {
        kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(30));
    }
}
