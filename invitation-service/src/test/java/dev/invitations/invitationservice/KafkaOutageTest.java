package dev.invitations.invitationservice;

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
import dev.invitations.localinfra.kafka.RestartableKafka;
import dev.invitations.testsupport.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        assertNothingWaitsForTheBrokerInATransaction(Duration.ofSeconds(12));
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

    /**
     * The relay claims its rows in a short transaction and waits for the broker with none open: no connection of this
     * service sits idle in a transaction (holding row locks and a pool slot) while the broker is away.
     */
    private void assertNothingWaitsForTheBrokerInATransaction(Duration watched) {
        try (Connection db = TestDatabase.connect();
                PreparedStatement idle = db.prepareStatement("""
                        select count(*) from pg_stat_activity where usename = current_user and pid <> pg_backend_pid()
                        and state like 'idle in transaction%' and now() - state_change > interval '1 second'""")) {
            long end = System.nanoTime() + watched.toNanos();
            while (System.nanoTime() < end) {
                try (ResultSet result = idle.executeQuery()) {
                    result.next();
                    assertEquals(0, result.getInt(1), "a transaction stayed open more than a second while the broker was away");
                }
                Thread.sleep(250);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
