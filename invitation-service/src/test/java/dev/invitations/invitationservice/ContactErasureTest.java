package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.contact;
import static dev.invitations.invitationservice.Api.createContact;
import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.redeem;
import static dev.invitations.invitationservice.Api.send;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.invitationservice.Api.uniqueEmail;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.ContactErased;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.Topics;
import dev.invitations.testsupport.TestTokens;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKafkaCompanion
class ContactErasureTest {

    KafkaCompanion kafka;

    @Test
    void erasedContactLosesItsPersonalDataWhileItsInvitationKeepsTheRedemption() throws Exception {
        String email = uniqueEmail("erin");
        UUID contact = newContactWithEverything("Erin Erased", email);
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        send(invitation.id()).statusCode(202);
        redeem(Api.redeemAs(invitation.code(), contact)).statusCode(200);
        awaitPublished(invitation.id(), EventTypes.INVITATION_REDEEMED);

        try (TopicRecords erased = TopicRecords.of(kafka, Topics.CONTACT_ERASED, contact)) {
            erase(contact).statusCode(204);

            ConsumerRecord<String, String> record = erased.exactly(1).get(0);
            ContactErased event = EventJson.mapper().readValue(record.value(), ContactErased.class);
            assertEquals(contact.toString(), record.key());
            assertEquals(EventTypes.CONTACT_ERASED, KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.TYPE));
            assertEquals(event.eventId().toString(), KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.ID));
            assertEquals(contact, event.contactId());
            assertFalse(record.value().contains(email), "the event names the contact by id only");
        }

        asStaff().get("/contacts/{id}", contact).then().statusCode(404);
        asStaff().queryParam("email", email).get("/contacts").then().statusCode(200).body("total", equalTo(0));
        asStaff().queryParam("identityProvider", TestTokens.ISSUER).queryParam("identitySubject", Api.loginOf(contact))
                .get("/contacts").then().statusCode(200).body("total", equalTo(0));
        getInvitation(invitation.id()).statusCode(200)
                .body("status", equalTo("REDEEMED"))
                .body("redemptionCount", equalTo(1))
                .body("invitedContacts[0].contactId", equalTo(contact.toString()))
                .body("invitedContacts[0].fullName", nullValue())
                .body("invitedContacts[0].emailAddress1", nullValue())
                .body("invitedContacts[0].erasedAt", notNullValue())
                .body("redeemedContacts[0].contactId", equalTo(contact.toString()))
                .body("redeemedContacts[0].fullName", nullValue())
                .body("redeemedContacts[0].identitySubject", nullValue())
                .body("redeemedContacts[0].erasedAt", notNullValue());
        try (Connection db = TestDatabase.connect()) {
            assertEquals(List.of(), payloadsMentioning(db, contact, EventTypes.INVITATION_SENT), "the email's copy is deleted");
            List<String> redeemed = payloadsMentioning(db, contact, EventTypes.INVITATION_REDEEMED);
            assertEquals(1, redeemed.size(), "the redemption's event stays, naming the contact by id");
            assertFalse(redeemed.get(0).contains(email) || redeemed.get(0).contains("Erin"), redeemed.get(0));
            assertEquals(1, count(db, "select count(*) from contact where id = ? and erased_at is not null and full_name is null"
                    + " and email_address1 is null and email_address2 is null and email_address3 is null and locale is null", contact));
            assertEquals(0, count(db, "select count(*) from contact_identity where contact_id = ?", contact));
        }
    }

    @Test
    void erasingAgainAnswers204AndPublishesOnce() {
        UUID contact = newContact("Twice Erased");
        try (TopicRecords erased = TopicRecords.of(kafka, Topics.CONTACT_ERASED, contact)) {
            erase(contact).statusCode(204);
            erase(contact).statusCode(204);
            erased.exactly(1);
        }
    }

    @Test
    void unknownContactIsNotFoundAndAMalformedIdABadRequest() {
        UUID bystander = newContact("Bystander Kept");
        erase(UUID.randomUUID()).statusCode(404).contentType("application/problem+json");
        asStaff().delete("/contacts/{id}", "not-a-uuid").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not a UUID"));
        asStaff().get("/contacts/{id}", bystander).then().statusCode(200).body("fullName", equalTo("Bystander Kept"));
    }

    @Test
    void anUnpublishedEmailToAnErasedContactIsDeletedAndOneItSignsLosesItsInviter() throws Exception {
        UUID erased = newContact("Ivo Inviter");
        UUID other = newContact("Otto Other");
        UUID pending = UUID.randomUUID();
        UUID signed = UUID.randomUUID();
        try (Connection db = TestDatabase.connect()) {
            // Claimed by a live relay elsewhere: the rows stay unpublished while the erasure runs.
            insertClaimed(db, pending, sentTo(erased, null));
            insertClaimed(db, signed, sentTo(other, erased));

            erase(erased).statusCode(204);

            assertEquals(0, count(db, "select count(*) from outbox_event where id = ?", pending));
            InvitationSent kept = EventJson.mapper().readValue(payloadOf(db, signed), InvitationSent.class);
            assertEquals(null, kept.inviter());
            assertEquals(other, kept.recipient().contactId());
        }
    }

    @Test
    void anErasedInviteeIsNotMailedAndAnErasedInviterIsLeftOutOfTheEmail() throws Exception {
        UUID inviter = newContact("Inga Inviter");
        UUID erasedInvitee = newContact("Eli Erased");
        UUID keptInvitee = newContact("Kim Kept");
        Map<String, Object> body = groupInvitation(List.of(erasedInvitee, keptInvitee));
        body.put("inviterContactId", inviter);
        Api.Invitation invitation = newInvitation(body);
        erase(inviter).statusCode(204);
        erase(erasedInvitee).statusCode(204);

        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, invitation.id())) {
            send(invitation.id()).statusCode(202);
            InvitationSent email = EventJson.mapper().readValue(sent.exactly(1).get(0).value(), InvitationSent.class);
            assertEquals(keptInvitee, email.recipient().contactId());
            assertEquals(null, email.inviter());
        }
        getInvitation(invitation.id())
                .body("invitedContacts.deliveryStatus", contains("NOT_SENT", "PENDING"));
    }

    @Test
    void theErasedPersonsLoginRedeemingLaterBecomesANewContact() {
        String email = uniqueEmail("paul");
        UUID contact = UUID.fromString(createContact(contact("Paul Past", email)).statusCode(201).extract().path("id"));
        String login = "login-" + UUID.randomUUID();
        Api.Invitation first = newInvitation(groupInvitation(List.of(contact)));
        redeem(new Api.Redemption(first.code(), TestTokens.portalUser(login, "Paul Past", email))).statusCode(200)
                .body("contactId", equalTo(contact.toString()));
        erase(contact).statusCode(204);

        Api.Invitation second = newInvitation(groupInvitation(List.of(newContact("Someone Else"))));
        String newcomer = redeem(new Api.Redemption(second.code(), TestTokens.portalUser(login, "Paul Past", email)))
                .statusCode(200)
                .extract().path("contactId");

        assertNotEquals(contact.toString(), newcomer);
        asStaff().get("/contacts/{id}", newcomer).then().statusCode(200).body("emailAddress1", equalTo(email));
        asStaff().get("/contacts/{id}", contact).then().statusCode(404);
        getInvitation(first.id()).body("redeemedContacts[0].fullName", nullValue())
                .body("redeemedContacts[0].contactId", not(equalTo(newcomer)));
    }

    private static io.restassured.response.ValidatableResponse erase(UUID contact) {
        return asStaff().delete("/contacts/{id}", contact).then();
    }

    private static UUID newContactWithEverything(String fullName, String email) {
        Map<String, Object> body = contact(fullName, email);
        body.put("emailAddress2", uniqueEmail("second"));
        body.put("emailAddress3", uniqueEmail("third"));
        body.put("locale", "de");
        return UUID.fromString(createContact(body).statusCode(201).extract().path("id"));
    }

    private static String sentTo(UUID recipient, UUID inviter) throws Exception {
        return EventJson.mapper().writeValueAsString(new InvitationSent(UUID.randomUUID(), UUID.randomUUID(), "Probe",
                null, "c2VjcmV0", null, new InvitationSent.Sender("Olivia Owner", "owner@example.org"),
                inviter == null ? null : new InvitationSent.Inviter(inviter, "Ivo Inviter", "ivo@example.org"),
                new InvitationSent.Recipient(recipient, "Someone", "someone@example.org", "en"), null, Instant.now()));
    }

    private static void awaitPublished(UUID invitationId, String eventType) throws SQLException {
        try (Connection db = TestDatabase.connect()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(db,
                    "select count(*) from outbox_event where message_key = ? and event_type = '" + eventType
                            + "' and published_at is null", invitationId.toString()) == 0);
        }
    }

    private static void insertClaimed(Connection db, UUID id, String payload) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into outbox_event (id, topic, message_key, event_type, payload, created_at, claimed_by, claimed_until)
                values (?, ?, ?, ?, ?, clock_timestamp(), ?, ?)""")) {
            insert.setObject(1, id);
            insert.setString(2, Topics.INVITATION_SENT);
            insert.setString(3, UUID.randomUUID().toString());
            insert.setString(4, EventTypes.INVITATION_SENT);
            insert.setString(5, payload);
            insert.setObject(6, UUID.randomUUID());
            insert.setTimestamp(7, Timestamp.from(Instant.now().plus(Duration.ofHours(1))));
            insert.executeUpdate();
        }
    }

    private static List<String> payloadsMentioning(Connection db, UUID contact, String eventType) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(
                "select payload from outbox_event where event_type = ? and strpos(payload, ?) > 0")) {
            select.setString(1, eventType);
            select.setString(2, contact.toString());
            List<String> payloads = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    payloads.add(rows.getString(1));
                }
            }
            return payloads;
        }
    }

    private static String payloadOf(Connection db, UUID id) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("select payload from outbox_event where id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "row " + id);
                return row.getString(1);
            }
        }
    }

    private static long count(Connection db, String sql, Object parameter) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(sql)) {
            select.setObject(1, parameter);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
