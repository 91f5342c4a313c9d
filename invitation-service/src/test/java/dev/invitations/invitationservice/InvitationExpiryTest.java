package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.extend;
import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.inSeconds;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.redeem;
import static dev.invitations.invitationservice.Api.redeemAs;
import static dev.invitations.invitationservice.Api.send;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.invitations.commons.codes.CodeCipher;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationExtended;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.Topics;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** PUT /invitations/{id}/expiry: moving an invitation's expiry, also after it has passed. */
@QuarkusTest
@WithKafkaCompanion
class InvitationExpiryTest {

    @ConfigProperty(name = "portal.codes.encryption-key")
    String encryptionKey;

    KafkaCompanion kafka;

    @Test
    void expiredInvitationExtendedIsSentAndRedeemedAgainWithTheSameCode() throws Exception {
        UUID contact = newContact("Erin Extended");
        Map<String, Object> body = singleInvitation(contact);
        body.put("expiresAt", inSeconds(3600));
        Api.Invitation invitation = newInvitation(body);
        Instant passed = expireNow(invitation.id());
        send(invitation.id()).statusCode(410).body("detail", containsString("expired"));

        Instant newExpiry = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        try (TopicRecords extended = TopicRecords.of(kafka, Topics.INVITATION_EXTENDED, invitation.id());
                TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, invitation.id())) {
            extend(invitation.id(), newExpiry.toString()).statusCode(200)
                    .body("id", equalTo(invitation.id().toString()))
                    .body("expiresAt", equalTo(newExpiry.toString()))
                    .body("status", equalTo("CREATED"))
                    .body("code", nullValue());

            ConsumerRecord<String, String> record = extended.exactly(1).get(0);
            assertEquals(EventTypes.INVITATION_EXTENDED, KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.TYPE));
            InvitationExtended event = EventJson.mapper().readValue(record.value(), InvitationExtended.class);
            assertEquals(invitation.id(), event.invitationId());
            assertEquals(passed, event.previousExpiresAt());
            assertEquals(newExpiry, event.expiresAt());

            send(invitation.id()).statusCode(202);
            InvitationSent email = EventJson.mapper().readValue(sent.exactly(1).get(0).value(), InvitationSent.class);
            assertEquals(invitation.code(), new CodeCipher(encryptionKey).decrypt(invitation.id(), email.encryptedCode()),
                    "the same code goes out again");
            assertEquals(newExpiry, email.expiresAt());
        }
        redeem(redeemAs(invitation.code(), contact)).statusCode(200);
    }

    @Test
    void nullExpiryMeansTheInvitationNoLongerExpires() throws Exception {
        Map<String, Object> body = singleInvitation(newContact("Nina Never"));
        String expiresAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS).toString();
        body.put("expiresAt", expiresAt);
        UUID id = newInvitation(body).id();
        try (TopicRecords extended = TopicRecords.of(kafka, Topics.INVITATION_EXTENDED, id)) {
            extend(id, null).statusCode(200).body("expiresAt", nullValue());

            InvitationExtended event = EventJson.mapper().readValue(extended.exactly(1).get(0).value(), InvitationExtended.class);
            assertEquals(Instant.parse(expiresAt), event.previousExpiresAt());
            assertNull(event.expiresAt());
        }
        getInvitation(id).body("expiresAt", nullValue());
    }

    @Test
    void theSameExpiryAgainChangesNothingAndPublishesNothing() {
        UUID id = newInvitation(singleInvitation(newContact("Sam Same"))).id();
        String expiresAt = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS).toString();
        try (TopicRecords extended = TopicRecords.of(kafka, Topics.INVITATION_EXTENDED, id)) {
            extend(id, expiresAt).statusCode(200);
            extend(id, expiresAt).statusCode(200).body("expiresAt", equalTo(expiresAt));
            extended.exactly(1);
        }
        try (TopicRecords extended = TopicRecords.of(kafka, Topics.INVITATION_EXTENDED, Set.of(UUID.randomUUID().toString()))) {
            UUID neverExpiring = newInvitation(singleInvitation(newContact("Nat Never"))).id();
            extend(neverExpiring, null).statusCode(200).body("expiresAt", nullValue());
            extended.exactly(0);
        }
    }

    @Test
    void refusalsLeaveTheExpiryAsItWasAndPublishNothing() {
        UUID id = newInvitation(singleInvitation(newContact("Rita Refused"))).id();
        String expiresAt = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS).toString();
        extend(id, expiresAt).statusCode(200);
        UUID revoked = newInvitation(singleInvitation(newContact("Rob Revoked"))).id();
        Api.revoke(revoked).statusCode(200);

        try (TopicRecords extended = TopicRecords.of(kafka, Topics.INVITATION_EXTENDED, Set.of(id.toString(), revoked.toString()))) {
            extend(id, inSeconds(-60)).statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("expiresAt"));
            extend(id, "next tuesday").statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("expiresAt"));
            asStaff().contentType(ContentType.JSON).body("{}").put("/invitations/{id}/expiry", id).then()
                    .statusCode(400).contentType("application/problem+json").body("detail", containsString("expiresAt"));
            extend(UUID.randomUUID(), inSeconds(3600)).statusCode(404).contentType("application/problem+json");
            extend(revoked, inSeconds(3600)).statusCode(410).contentType("application/problem+json")
                    .body("type", equalTo("urn:portal-invitations:problem:invitation-revoked"))
                    .body("detail", containsString("revoked"));
            assertEquals(id.toString(), extended.exactly(1).get(0).key(), "only the extension that was applied is published");
        }
        getInvitation(id).body("expiresAt", equalTo(expiresAt));
        getInvitation(revoked).body("expiresAt", nullValue()).body("status", equalTo("REVOKED"));
    }

    /** Time passes: the invitation's expiry is moved to a moment ago, as if it had been reached. */
    static Instant expireNow(UUID invitationId) throws SQLException {
        Instant passed = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS);
        try (Connection db = TestDatabase.connect();
                PreparedStatement update = db.prepareStatement("update invitation set expires_at = ? where id = ?")) {
            update.setObject(1, java.sql.Timestamp.from(passed));
            update.setObject(2, invitationId);
            assertEquals(1, update.executeUpdate());
        }
        getInvitation(invitationId).body("status", equalTo("EXPIRED"));
        return passed;
    }
}
