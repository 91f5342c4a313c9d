package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationCreated;
import dev.invitations.contract.InvitationRevoked;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The invitation's creation and revocation, announced through the outbox in the transaction of the change. */
@QuarkusTest
@WithKafkaCompanion
class LifecycleEventsTest {

    KafkaCompanion kafka;

    @Test
    void creatingAnInvitationPublishesInvitationCreatedWithContactIdsButNoCodeOrAddress() throws Exception {
        UUID ann = newContact("Ann Created");
        UUID bob = newContact("Bob Created");
        UUID inviter = newContact("Ivo Inviter");
        Map<String, Object> body = groupInvitation(List.of(ann, bob));
        body.put("inviterContactId", inviter);
        body.put("maxRedemptions", 5);
        body.put("templateKey", "partner-welcome");
        body.put("expiresAt", Instant.now().plus(Duration.ofDays(2)).toString());
        Api.Invitation invitation = newInvitation(body);

        try (TopicRecords created = TopicRecords.of(kafka, Topics.INVITATION_CREATED, invitation.id())) {
            ConsumerRecord<String, String> record = created.exactly(1).get(0);
            assertEquals(EventTypes.INVITATION_CREATED, KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.TYPE));
            assertFalse(record.value().contains(invitation.code()), "the code never reaches the topic");
            assertFalse(record.value().contains("@example.org"), "no email address reaches the topic");
            InvitationCreated event = EventJson.mapper().readValue(record.value(), InvitationCreated.class);
            assertEquals(event.eventId().toString(), KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.ID));
            assertEquals(invitation.id(), event.invitationId());
            assertEquals(body.get("name"), event.invitationName());
            assertEquals(InvitationType.GROUP, event.type());
            assertEquals(5, event.maxRedemptions());
            assertEquals(List.of(ann, bob), event.invitedContactIds());
            assertEquals(inviter, event.inviterContactId());
            assertEquals("partner-welcome", event.templateKey());
            assertEquals(Instant.parse(getInvitation(invitation.id()).extract().path("expiresAt")), event.expiresAt());
            assertEquals(Instant.parse(getInvitation(invitation.id()).extract().path("createdAt")), event.createdAt());
        }
    }

    @Test
    void revokingTwicePublishesInvitationRevokedOnceWithTheFirstRevocationTime() throws Exception {
        UUID id = newInvitation(singleInvitation(newContact("Rhea Revoked"))).id();

        try (TopicRecords revoked = TopicRecords.of(kafka, Topics.INVITATION_REVOKED, id)) {
            String revokedAt = Api.revoke(id).statusCode(200).extract().path("revokedAt");
            Api.revoke(id).statusCode(200);

            ConsumerRecord<String, String> record = revoked.exactly(1).get(0);
            assertEquals(EventTypes.INVITATION_REVOKED, KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.TYPE));
            InvitationRevoked event = EventJson.mapper().readValue(record.value(), InvitationRevoked.class);
            assertEquals(id, event.invitationId());
            assertEquals(Instant.parse(revokedAt), event.revokedAt());
        }
    }

    @Test
    void revokingAnUnknownInvitationPublishesNothing() {
        UUID unknown = UUID.randomUUID();
        try (TopicRecords revoked = TopicRecords.of(kafka, Topics.INVITATION_REVOKED, unknown)) {
            Api.revoke(unknown).statusCode(404);
            revoked.exactly(0);
        }
    }
}
