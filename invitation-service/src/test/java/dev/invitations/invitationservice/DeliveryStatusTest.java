package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.send;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.contract.EventJson;
import dev.invitations.contract.InvitationEmailDelivered;
import dev.invitations.contract.InvitationEmailFailed;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** notification-service's delivery reports, put on the real topics, as the invitation shows them. */
@QuarkusTest
@WithKafkaCompanion
class DeliveryStatusTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /** The consumer's backoff reaches 30 s while it waits; the first attempt after the outage may come that late. */
    private static final Duration AFTER_AN_OUTAGE = Duration.ofSeconds(90);

    KafkaCompanion kafka;
    UUID invitationId;
    UUID first;
    UUID second;

    @BeforeEach
    void sendAGroupInvitation() {
        first = newContact("Della Delivered");
        second = newContact("Fred Failed");
        invitationId = newInvitation(groupInvitation(List.of(first, second))).id();
        send(invitationId).statusCode(202);
    }

    @Test
    void deliveryReportsShowPerInvitedContactWithTimeAndReason() {
        Instant deliveredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant failedAt = deliveredAt.plusMillis(5);
        publish(Topics.INVITATION_EMAIL_DELIVERED, delivered(UUID.randomUUID(), first, deliveredAt));
        publish(Topics.INVITATION_EMAIL_FAILED, failed(UUID.randomUUID(), second, failedAt, "550 mailbox unavailable"));

        awaitStatuses("DELIVERED", "FAILED");
        getInvitation(invitationId)
                .body("invitedContacts.deliveryStatusAt", contains(deliveredAt.toString(), failedAt.toString()))
                .body("invitedContacts[1].deliveryFailure", equalTo("550 mailbox unavailable"));
    }

    @Test
    void olderReportDoesNotReplaceTheStatusOfALaterEmail() {
        Instant now = Instant.now();
        publish(Topics.INVITATION_EMAIL_FAILED, failed(UUID.randomUUID(), first, now, "timeout"));
        awaitStatuses("FAILED", "PENDING");

        // Same key, so the same partition: once the second contact's report shows, the older one was handled too.
        publish(Topics.INVITATION_EMAIL_DELIVERED, delivered(UUID.randomUUID(), first, now.minusSeconds(60)));
        publish(Topics.INVITATION_EMAIL_DELIVERED, delivered(UUID.randomUUID(), second, now));
        awaitStatuses("FAILED", "DELIVERED");
    }

    /** Published in one go, so that one poll very likely takes them together and they are applied in one statement. */
    @Test
    void reportsOnOneContactInOneBatchLeaveTheLatestStatus() {
        // Later than the PENDING status the send just set, which an older report would not replace.
        Instant latest = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        String report = delivered(UUID.randomUUID(), first, latest);
        kafka.produceStrings().fromRecords(Stream.of(report, delivered(UUID.randomUUID(), first, latest.minusSeconds(60)), report,
                        delivered(UUID.randomUUID(), second, latest.minusSeconds(30)))
                .map(value -> new ProducerRecord<>(Topics.INVITATION_EMAIL_DELIVERED, invitationId.toString(), value)).toList())
                .awaitCompletion(DEADLINE);

        awaitStatuses("DELIVERED", "DELIVERED");
        getInvitation(invitationId)
                .body("invitedContacts.deliveryStatusAt", contains(latest.toString(), latest.minusSeconds(30).toString()));
    }

    @Test
    void redeliveredReportIsAppliedOnce() {
        UUID eventId = UUID.randomUUID();
        String report = delivered(eventId, first, Instant.now().plus(1, ChronoUnit.HOURS));
        publish(Topics.INVITATION_EMAIL_DELIVERED, report);
        awaitStatuses("DELIVERED", "PENDING");

        send(invitationId).statusCode(202);
        awaitStatuses("PENDING", "PENDING");
        publish(Topics.INVITATION_EMAIL_DELIVERED, report);
        publish(Topics.INVITATION_EMAIL_DELIVERED, delivered(UUID.randomUUID(), second, Instant.now().plus(1, ChronoUnit.HOURS)));
        awaitStatuses("PENDING", "DELIVERED");
    }

    @Test
    void unreadableOrInvalidReportGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        try (TopicRecords deadLetters = TopicRecords.of(kafka, Topics.deadLetter("invitation-service"), invitationId)) {
            publish(Topics.INVITATION_EMAIL_DELIVERED, "this is not JSON");
            publish(Topics.INVITATION_EMAIL_FAILED, "{\"reason\":\"names no invitation or contact\"}");
            String withoutRecipient = json(new InvitationEmailDelivered(UUID.randomUUID(), invitationId, first, UUID.randomUUID(),
                    null, "default", 1, Instant.now()));
            publish(Topics.INVITATION_EMAIL_DELIVERED, withoutRecipient);
            publish(Topics.INVITATION_EMAIL_DELIVERED, delivered(UUID.randomUUID(), first, Instant.now()));
            publish(Topics.INVITATION_EMAIL_FAILED, failed(UUID.randomUUID(), second, Instant.now(), "bounced"));

            var records = deadLetters.exactly(3);
            assertEquals(List.of("this is not JSON", "{\"reason\":\"names no invitation or contact\"}", withoutRecipient).stream()
                    .sorted().toList(), records.stream().map(r -> r.value()).sorted().toList());
            awaitStatuses("DELIVERED", "FAILED");
        }
    }

    /**
     * PostgreSQL stopped ({@code pg_ctl stop -m fast}) while reports arrive: the API answers 503 with Retry-After, the
     * consumer waits the outage out instead of dead-lettering good reports, and applies them once the database is back.
     */
    @Test
    void reportsArrivingWhileTheDatabaseIsDownAreAppliedWhenItIsBackAndNoneIsDeadLettered() throws Exception {
        try (TopicRecords deadLetters = TopicRecords.of(kafka, Topics.deadLetter("invitation-service"), invitationId)) {
            LocalInfrastructureTestResource.duringDatabaseOutage(() -> {
                publish(Topics.INVITATION_EMAIL_DELIVERED, delivered(UUID.randomUUID(), first, Instant.now()));
                publish(Topics.INVITATION_EMAIL_FAILED, failed(UUID.randomUUID(), second, Instant.now(), "bounced"));
                getInvitation(invitationId).statusCode(503).header("Retry-After", "5");
                // Longer than the few retries that used to end in the dead-letter topic.
                Thread.sleep(OUTAGE.toMillis());
            });
            await().atMost(AFTER_AN_OUTAGE).untilAsserted(() -> getInvitation(invitationId)
                    .body("invitedContacts.deliveryStatus", contains("DELIVERED", "FAILED")));
            assertEquals(0, deadLetters.count(), "a good report was dead-lettered");
        }
        // Ready again: the database check's pool drops the connections the outage killed (one check may still fail).
        await().atMost(AFTER_AN_OUTAGE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aFailureReportedAfterTheContactsErasureKeepsNoReason() {
        asStaff().delete("/contacts/{id}", second).then().statusCode(204);

        publish(Topics.INVITATION_EMAIL_FAILED, failed(UUID.randomUUID(), second, Instant.now(), "550 fred@example.org unknown"));
        publish(Topics.INVITATION_EMAIL_FAILED, failed(UUID.randomUUID(), first, Instant.now(), "550 della@example.org unknown"));

        awaitStatuses("FAILED", "FAILED");
        getInvitation(invitationId)
                .body("invitedContacts[0].deliveryFailure", equalTo("550 della@example.org unknown"))
                .body("invitedContacts[1].deliveryFailure", nullValue());
    }

    private void awaitStatuses(String... statuses) {
        await().atMost(DEADLINE).untilAsserted(() -> getInvitation(invitationId).body("invitedContacts.deliveryStatus", contains(statuses)));
    }

    private void publish(String topic, String value) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic, invitationId.toString(), value)).awaitCompletion(DEADLINE);
    }

    private String delivered(UUID eventId, UUID contactId, Instant at) {
        return json(new InvitationEmailDelivered(eventId, invitationId, contactId, UUID.randomUUID(), "someone@example.org",
                "default", 1, at));
    }

    private String failed(UUID eventId, UUID contactId, Instant at, String reason) {
        return json(new InvitationEmailFailed(eventId, invitationId, contactId, UUID.randomUUID(), "someone@example.org",
                reason, 3, at));
    }

    private static String json(Object event) {
        try {
            return EventJson.mapper().writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
