package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.contact;
import static dev.invitations.invitationservice.Api.createContact;
import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.redeemAs;
import static dev.invitations.invitationservice.Api.send;
import static dev.invitations.invitationservice.Api.sendMany;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.invitationservice.Api.uniqueEmail;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.invitations.commons.codes.CodeCipher;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKafkaCompanion
class SendingTest {

    @ConfigProperty(name = "portal.codes.encryption-key")
    String encryptionKey;

    KafkaCompanion kafka;

    @Test
    void sendingEmitsOneEventPerInvitedContactToThePrimaryAddressOnly() throws Exception {
        String primary = uniqueEmail("pia.primary");
        String secondary = uniqueEmail("pia.secondary");
        Map<String, Object> withTwoAddresses = contact("Pia Primary", primary);
        withTwoAddresses.put("emailAddress2", secondary);
        withTwoAddresses.put("locale", "fr-CA");
        UUID pia = UUID.fromString(createContact(withTwoAddresses).statusCode(201).extract().path("id"));
        UUID paul = newContact("Paul Plain");
        UUID inviter = newContact("Inez Inviter");
        Map<String, Object> body = groupInvitation(List.of(pia, paul));
        body.put("inviterContactId", inviter);
        body.put("templateKey", "partner-welcome");
        body.put("expiresAt", Instant.now().plus(Duration.ofDays(3)).toString());
        Api.Invitation invitation = newInvitation(body);

        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, invitation.id())) {
            send(invitation.id()).statusCode(202).body("invitationId", equalTo(invitation.id().toString())).body("recipients", equalTo(2));

            List<ConsumerRecord<String, String>> records = sent.exactly(2);
            List<InvitationSent> events = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                assertFalse(record.value().contains(secondary), "the secondary address never reaches the topic");
                assertFalse(record.value().contains(invitation.code()), "the code reaches the topic only encrypted");
                InvitationSent event = EventJson.mapper().readValue(record.value(), InvitationSent.class);
                assertEquals(event.eventId().toString(), KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.ID));
                assertEquals(EventTypes.INVITATION_SENT, KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.TYPE));
                assertEquals("/invitation-service", KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.SOURCE));
                assertEquals("1.0", KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.SPEC_VERSION));
                assertNotNull(KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.TIME));
                events.add(event);
            }
            events.sort(Comparator.comparing(e -> e.recipient().fullName()));
            InvitationSent toPaul = events.get(0);
            InvitationSent toPia = events.get(1);
            assertEquals(new InvitationSent.Recipient(pia, "Pia Primary", primary, "fr-CA"), toPia.recipient());
            assertEquals(paul, toPaul.recipient().contactId());
            for (InvitationSent event : events) {
                assertEquals(invitation.id(), event.invitationId());
                assertEquals(invitation.code(), new CodeCipher(encryptionKey).decrypt(invitation.id(), event.encryptedCode()));
                assertEquals(InvitationType.GROUP, event.type());
                assertEquals(body.get("name"), event.invitationName());
                assertEquals(new InvitationSent.Sender("Olivia Owner", "owner@example.org"), event.sender());
                assertEquals(inviter, event.inviter().contactId());
                assertEquals("Inez Inviter", event.inviter().fullName());
                assertEquals("partner-welcome", event.templateKey());
                assertNotNull(event.expiresAt());
                assertNotNull(event.sentAt());
            }
        }
        getInvitation(invitation.id())
                .body("status", equalTo("SENT"))
                .body("lastSentAt", notNullValue())
                .body("invitedContacts.deliveryStatus", everyItem(equalTo("PENDING")))
                .body("invitedContacts.deliveryStatusAt", everyItem(notNullValue()));
    }

    @Test
    void sendingAgainResendsTheInvitation() {
        UUID id = newInvitation(singleInvitation(newContact("Rory Resend"))).id();
        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, id)) {
            send(id).statusCode(202);
            send(id).statusCode(202);
            List<ConsumerRecord<String, String>> records = sent.exactly(2);
            assertFalse(records.get(0).headers().lastHeader(CloudEventHeaders.ID).equals(records.get(1).headers().lastHeader(CloudEventHeaders.ID)));
        }
    }

    @Test
    void revokedInvitationIsNotSent() {
        UUID id = newInvitation(singleInvitation(newContact("Rex Revoked"))).id();
        Api.revoke(id).statusCode(200);
        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, id)) {
            send(id).statusCode(410).contentType("application/problem+json").body("detail", containsString("revoked"))
                    .body("type", equalTo("urn:portal-invitations:problem:invitation-revoked"));
            sent.exactly(0);
        }
    }

    @Test
    void expiredInvitationIsNotSent() {
        Map<String, Object> body = singleInvitation(newContact("Eve Expired"));
        body.put("expiresAt", Instant.now().plusSeconds(2).toString());
        UUID id = newInvitation(body).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> "EXPIRED".equals(getInvitation(id).extract().path("status")));

        send(id).statusCode(410).body("detail", containsString("expired"))
                .body("type", equalTo("urn:portal-invitations:problem:invitation-expired"));
    }

    @Test
    void fullyRedeemedInvitationIsNotSent() {
        UUID contact = newContact("Fay Full");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        Api.redeem(redeemAs(invitation.code(), contact)).statusCode(200);

        send(invitation.id()).statusCode(409).body("detail", containsString("fully redeemed"))
                .body("type", equalTo("urn:portal-invitations:problem:invitation-fully-redeemed"));
    }

    @Test
    void resendingAGroupSkipsTheContactsWhoRedeemed() {
        UUID redeemed = newContact("Rhea Redeemed");
        UUID waiting = newContact("Walt Waiting");
        Api.Invitation invitation = newInvitation(groupInvitation(List.of(redeemed, waiting)));
        Api.redeem(redeemAs(invitation.code(), redeemed)).statusCode(200);

        send(invitation.id()).statusCode(202).body("recipients", equalTo(1));
        getInvitation(invitation.id()).body("invitedContacts.deliveryStatus", contains("NOT_SENT", "PENDING"));
        Api.redeem(redeemAs(invitation.code(), waiting)).statusCode(200);
        Map<String, Object> moreRoom = groupInvitation(List.of(redeemed));
        moreRoom.put("maxRedemptions", 5);
        Api.Invitation open = newInvitation(moreRoom);
        Api.redeem(redeemAs(open.code(), redeemed)).statusCode(200);
        send(open.id()).statusCode(409).body("detail", containsString("every invited contact has already redeemed"))
                .body("type", equalTo("urn:portal-invitations:problem:every-invitee-redeemed"));
    }

    @Test
    void contactWhoLostThePrimaryAddressBlocksTheSendWithAReason() {
        UUID contact = newContact("Lou Lost");
        UUID id = newInvitation(singleInvitation(contact)).id();
        asStaff().contentType(ContentType.JSON).body(contact("Lou Lost", null)).put("/contacts/{id}", contact).then().statusCode(200);

        send(id).statusCode(409).body("detail", containsString("emailAddress1"))
                .body("type", equalTo("urn:portal-invitations:problem:invitee-without-primary-email"));
    }

    @Test
    void unknownInvitationCannotBeSent() {
        send(UUID.randomUUID()).statusCode(404).contentType("application/problem+json");
    }

    @Test
    void sendingManyReportsEachInvitationNotSentWithItsReason() {
        List<UUID> sendable = IntStream.range(0, 3).mapToObj(i -> newInvitation(singleInvitation(newContact("Bulk " + i))).id()).toList();
        UUID revoked = newInvitation(singleInvitation(newContact("Bulk Revoked"))).id();
        Api.revoke(revoked).statusCode(200);
        UUID unknown = UUID.randomUUID();
        List<UUID> ids = new ArrayList<>(sendable);
        ids.addAll(List.of(revoked, unknown, sendable.get(0)));

        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT,
                sendable.stream().map(UUID::toString).collect(java.util.stream.Collectors.toSet()))) {
            sendMany(ids).statusCode(202)
                    .body("accepted", equalTo(3))
                    .body("recipients", equalTo(3))
                    .body("rejected.id", containsInAnyOrder(revoked.toString(), unknown.toString()))
                    .body("rejected.find { it.id == '" + revoked + "' }.reason", containsString("revoked"))
                    .body("rejected.find { it.id == '" + unknown + "' }.reason", containsString("no invitation"));
            sent.exactly(3);
        }
    }

    @Test
    void sendingManyRefusesAnEmptyANullOrAnOversizedList() {
        sendMany(List.of()).statusCode(400).body("errors.field", contains("invitationIds"));
        asStaff().contentType(ContentType.JSON).body("{\"invitationIds\": [null]}").post("/invitations/send").then()
                .statusCode(400)
                .body("errors.field", contains("invitationIds[0]"));
        UUID[] tooMany = new UUID[10_001];
        Arrays.setAll(tooMany, i -> UUID.randomUUID());
        sendMany(List.of(tooMany)).statusCode(400)
                .body("errors.field", contains("invitationIds"))
                .body("detail", containsString("at most 10000"));
    }

    @Test
    void absentOptionalValuesAreLeftOutOfTheEvent() throws Exception {
        UUID id = newInvitation(singleInvitation(newContact("Carl Contract"))).id();
        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, id)) {
            send(id).statusCode(202);
            String json = sent.exactly(1).get(0).value();
            assertFalse(json.contains("null"), json);
            InvitationSent event = EventJson.mapper().readValue(json, InvitationSent.class);
            assertNull(event.inviter());
            assertNull(event.expiresAt());
            assertNull(event.templateKey());
        }
    }
}
