package dev.invitations.notificationservice;

import dev.invitations.commons.codes.CodeCipher;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.testsupport.TestKafka;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Builds InvitationSent events of the contract and puts them on the real topic, as invitation-service's relay does:
 * the code encrypted for the invitation with the key the service is configured with (the test profile's
 * {@code portal.codes.encryption-key}, the same as invitation-service's).
 */
public final class Invitations {

    private static KafkaCompanion companion;
    private static CodeCipher cipher;

    /** An invitation of one contact with an address nobody else in the test run uses, and a code of its own. */
    public static InvitationSent toNewContact(String templateKey) {
        String local = "invitee-" + UUID.randomUUID();
        UUID invitationId = UUID.randomUUID();
        return new InvitationSent(UUID.randomUUID(), invitationId, "Partner portal", InvitationType.SINGLE,
                encrypt(invitationId, "CODE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase()),
                Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
                new InvitationSent.Sender("Olivia Owner", "owner@portal.example"),
                null,
                new InvitationSent.Recipient(UUID.randomUUID(), "Ada Lovelace", local + "@example.com", "en-GB"),
                templateKey,
                Instant.now());
    }

    /** The code as invitation-service encrypts it for this invitation. */
    public static String encrypt(UUID invitationId, String code) {
        return cipher().encrypt(invitationId, code);
    }

    /** The plaintext code of an event built here: what its email must show. */
    public static String codeOf(InvitationSent event) {
        return cipher().decrypt(event.invitationId(), event.encryptedCode());
    }

    public static InvitationSent withEncryptedCode(InvitationSent event, String encryptedCode) {
        return new InvitationSent(event.eventId(), event.invitationId(), event.invitationName(), event.type(), encryptedCode,
                event.expiresAt(), event.sender(), event.inviter(), event.recipient(), event.templateKey(), event.sentAt());
    }

    public static InvitationSent withRecipient(InvitationSent event, InvitationSent.Recipient recipient) {
        return new InvitationSent(event.eventId(), event.invitationId(), event.invitationName(), event.type(), event.encryptedCode(),
                event.expiresAt(), event.sender(), event.inviter(), recipient, event.templateKey(), event.sentAt());
    }

    public static String json(InvitationSent event) {
        try {
            return EventJson.mapper().writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void publish(InvitationSent event) {
        publish(event.invitationId().toString(), json(event), event.eventId().toString());
    }

    /** Any body at all, with the CloudEvents headers of an InvitationSent. */
    public static void publish(String key, String body, String eventId) {
        kafka().produceStrings().fromRecords(record(key, body, eventId)).awaitCompletion(Duration.ofSeconds(30));
    }

    public static void publishAll(List<InvitationSent> events) {
        kafka().produceStrings()
                .fromRecords(events.stream().map(e -> record(e.invitationId().toString(), json(e), e.eventId().toString())).toList())
                .awaitCompletion(Duration.ofMinutes(2));
    }

    /** Reads a topic from its start and keeps the records with this key, until {@code count} of them arrived. */
    public static List<ConsumerRecord<String, String>> awaitRecords(String topic, String key, int count, Duration timeout) {
        try (ConsumerTask<String, String> task = kafka().consumeStrings()
                .withGroupId("test-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(Set.of(topic), records -> records.filter(r -> key.equals(r.key())))) {
            return task.awaitRecords(count, timeout).getRecords();
        }
    }

    /** Everything that arrives on {@code topic} from now on (and what was there), until the task is closed. */
    public static ConsumerTask<String, String> consumeFromStart(String topic) {
        return kafka().consumeStrings()
                .withGroupId("test-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(topic);
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ProducerRecord<String, String> record(String key, String body, String eventId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, EventTypes.INVITATION_SENT.getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SOURCE, "/invitation-service".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.INVITATION_SENT, null, key, body, headers);
    }

    private static synchronized CodeCipher cipher() {
        if (cipher == null) {
            cipher = new CodeCipher(ConfigProvider.getConfig().getValue("portal.codes.encryption-key", String.class));
        }
        return cipher;
    }

    private static synchronized KafkaCompanion kafka() {
        if (companion == null) {
            companion = TestKafka.companion(LocalInfrastructureTestResource.endpoints().quarkusConfig());
        }
        return companion;
    }

    private Invitations() {
    }
}
