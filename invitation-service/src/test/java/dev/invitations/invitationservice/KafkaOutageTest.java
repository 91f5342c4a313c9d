package dev.invitations.invitationservice;

import dev.invitations.testsupport.TestKafka;
import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.send;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.RestartableKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The service against a Kafka broker of its own that the test stops and starts again on the same port: a change
 * made while Kafka is down commits, and its event is published once Kafka is back.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.OwnKafka.class)
class KafkaOutageTest {

    private static final Duration KAFKA_START = Duration.ofMinutes(2);
    private static final Duration PUBLISHED_AFTER_RESTART = Duration.ofSeconds(90);

    /** Set by {@link RestartableKafkaResource#inject}. */
    RestartableKafka kafka;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void changeMadeWhileKafkaIsDownIsPublishedOnceKafkaIsBack() throws IOException {
        UUID before = newInvitation(singleInvitation(newContact("Bea Before"))).id();
        send(before).statusCode(202);
        try (KafkaCompanion companion = TestKafka.companion(bootstrapServers);
                TopicRecords sent = TopicRecords.of(companion, Topics.INVITATION_SENT, before)) {
            sent.atLeast(1);
        }

        kafka.stop();
        UUID during = newInvitation(singleInvitation(newContact("Dan During"))).id();
        send(during).statusCode(202).body("recipients", equalTo(1));
        getInvitation(during).body("status", equalTo("SENT")).body("invitedContacts[0].deliveryStatus", equalTo("PENDING"));
        kafka.start(KAFKA_START);

        try (KafkaCompanion companion = TestKafka.companion(bootstrapServers);
                TopicRecords sent = TopicRecords.of(companion, Topics.INVITATION_SENT, during)) {
            List<ConsumerRecord<String, String>> records = sent.atLeast(1, PUBLISHED_AFTER_RESTART);
            // At least once: a batch cut by the outage may go out twice, always as the same event (same ce_id).
            Set<String> eventIds = records.stream()
                    .map(record -> KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.ID))
                    .collect(Collectors.toSet());
            assertEquals(1, eventIds.size());
            InvitationSent event = EventJson.mapper().readValue(records.get(0).value(), InvitationSent.class);
            assertEquals(during, event.invitationId());
            assertEquals("Dan During", event.recipient().fullName());
        }
    }

    public static class OwnKafka implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RestartableKafkaResource.class));
        }
    }

    /** Starts the broker; it comes after the shared infrastructure so that its bootstrap servers and login win. */
    public static class RestartableKafkaResource implements QuarkusTestResourceLifecycleManager {

        private RestartableKafka kafka;

        @Override
        public Map<String, String> start() {
            try {
                kafka = RestartableKafka.create(Path.of("target", "restartable-kafka"));
                kafka.start(KAFKA_START);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return kafka.quarkusConfig();
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(kafka, new TestInjector.MatchesType(RestartableKafka.class));
        }

        @Override
        public int order() {
            return 100;
        }

        @Override
        public void stop() {
            if (kafka != null) {
                kafka.close();
            }
        }
    }
}
