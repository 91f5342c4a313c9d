package dev.invitations.notificationservice;

import static dev.invitations.notificationservice.InvitationEmailTest.DEAD_LETTERS;
import static dev.invitations.notificationservice.InvitationEmailTest.TIMEOUT;
import static dev.invitations.notificationservice.InvitationEmailTest.single;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.commons.codes.CodeCipher;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The invitation code arrives encrypted: the email shows it decrypted, the service keeps the encrypted copy only until
 * the email is sent or given up, and an event whose code does not decrypt is dead-lettered without an email.
 */
@QuarkusTest
class InvitationCodeTest {

    private static final String UNDECRYPTABLE = "The invitation code cannot be decrypted";

    final Mailbox mailbox = LocalInfrastructureTestResource.mailbox();

    @Test
    void emailCarriesTheDecryptedCodeAndNeverTheEncryptedOne() {
        InvitationSent base = Invitations.toNewContact(null);
        String code = "7QH4W2Z9K0MRB3XTN5CVJ8EFGDAPYS61";
        InvitationSent event = Invitations.withEncryptedCode(base, Invitations.encrypt(base.invitationId(), code));
        Invitations.publish(event);

        ReceivedMail mail = single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        assertThat(mail.text(), containsString("invitation code: " + code));
        assertThat(mail.html(), containsString("<strong>" + code + "</strong>"));
        assertThat(mail.text(), containsString("?code=" + code));
        assertThat(mail.text(), not(containsString(event.encryptedCode())));
        assertThat(mail.html(), not(containsString(event.encryptedCode())));
    }

    @Test
    void sentDeliveryKeepsNoCodeInItsStoredEvent() throws Exception {
        InvitationSent event = Invitations.toNewContact(null);
        Invitations.publish(event);
        mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT);
        awaitStatus(event, "SENT");

        String stored = storedEvent(event);
        JsonNode json = EventJson.mapper().readTree(stored);
        assertThat(json.has("encryptedCode"), equalTo(false));
        assertThat(stored, not(containsString(event.encryptedCode())));
        assertThat(stored, not(containsString(Invitations.codeOf(event))));
        // The rest of the event is kept: it says what was sent to whom.
        assertThat(json.get("invitationId").asText(), equalTo(event.invitationId().toString()));
        assertThat(json.get("recipient").get("email").asText(), equalTo(event.recipient().email()));
    }

    @Test
    void heldDeliveryKeepsItsEncryptedCodeUntilItIsSent() throws Exception {
        String key = Templates.create(Templates.body("Held {invitation.name}", "<p>{invitation.code}</p>", "code {invitation.code}"));
        InvitationSent event = Invitations.toNewContact(key);
        Invitations.publish(event);
        awaitStatus(event, "HELD");
        assertThat(EventJson.mapper().readTree(storedEvent(event)).get("encryptedCode").asText(), equalTo(event.encryptedCode()));

        Templates.activate(key);

        ReceivedMail mail = single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        assertThat(mail.text(), equalTo("code " + Invitations.codeOf(event)));
        awaitStatus(event, "SENT");
        assertThat(EventJson.mapper().readTree(storedEvent(event)).has("encryptedCode"), equalTo(false));
    }

    @Test
    void deliveryThatFailsKeepsNoCodeEither() throws Exception {
        InvitationSent event = Invitations.toNewContact("no-such-template-" + UUID.randomUUID().toString().substring(0, 8));
        Invitations.publish(event);

        single(Invitations.awaitRecords(DEAD_LETTERS, event.invitationId().toString(), 1, TIMEOUT));
        awaitStatus(event, "FAILED");
        assertThat(EventJson.mapper().readTree(storedEvent(event)).has("encryptedCode"), equalTo(false));
    }

    @Test
    void eventWhoseCodeDoesNotDecryptIsDeadLetteredAndNotMailed() throws Exception {
        InvitationSent base = Invitations.toNewContact(null);
        // Encrypted for another invitation, with another key, and not a ciphertext at all.
        InvitationSent otherInvitation = Invitations.withEncryptedCode(base,
                Invitations.encrypt(UUID.randomUUID(), "CODE-OF-ANOTHER-ONE"));
        InvitationSent second = Invitations.toNewContact(null);
        InvitationSent otherKey = Invitations.withEncryptedCode(second,
                new CodeCipher(randomKey()).encrypt(second.invitationId(), "CODE-UNDER-ANOTHER-KEY"));
        InvitationSent garbage = Invitations.withEncryptedCode(Invitations.toNewContact(null), "not a ciphertext");

        for (InvitationSent event : List.of(otherInvitation, otherKey, garbage)) {
            Invitations.publish(event);
        }

        for (InvitationSent event : List.of(otherInvitation, otherKey, garbage)) {
            ConsumerRecord<String, String> dead = single(Invitations.awaitRecords(DEAD_LETTERS, event.invitationId().toString(), 1, TIMEOUT));
            assertThat(dead.value(), equalTo(Invitations.json(event)));
            assertThat(Invitations.header(dead, "dead-letter-reason"), startsWith(UNDECRYPTABLE));
            assertThat(Invitations.header(dead, "dead-letter-reason"), not(containsString(event.encryptedCode())));
            // The delivery is recorded as failed before the record is dead-lettered: no email can follow.
            asStaff().queryParam("invitationId", event.invitationId()).when().get("/deliveries")
                    .then().statusCode(200)
                    .body("size()", equalTo(1))
                    .body("[0].status", equalTo("FAILED"))
                    .body("[0].attempts", equalTo(0))
                    .body("[0].lastError", startsWith(UNDECRYPTABLE));
            single(Invitations.awaitRecords(Topics.INVITATION_EMAIL_FAILED, event.invitationId().toString(), 1, TIMEOUT));
            assertThat(mailbox.messagesTo(event.recipient().email()), empty());
            assertThat(EventJson.mapper().readTree(storedEvent(event)).has("encryptedCode"), equalTo(false));
        }
    }

    @Test
    void eventWithoutACodeIsMalformed() {
        InvitationSent event = Invitations.withEncryptedCode(Invitations.toNewContact(null), null);
        Invitations.publish(event);

        ConsumerRecord<String, String> dead = single(Invitations.awaitRecords(DEAD_LETTERS, event.invitationId().toString(), 1, TIMEOUT));
        assertThat(Invitations.header(dead, "dead-letter-reason"), containsString("encryptedCode"));
        asStaff().queryParam("invitationId", event.invitationId()).when().get("/deliveries")
                .then().statusCode(200).body("size()", equalTo(0));
        assertThat(mailbox.messagesTo(event.recipient().email()), empty());
    }

    @Test
    void previewNeedsNoKeyAndShowsTheSampleCode() {
        asStaff().contentType(ContentType.JSON).body("{\"invitation\": {\"code\": \"SAMPLE-42\"}}")
                .when().post("/templates/send-invitation/preview")
                .then().statusCode(200)
                .body("text", containsString("invitation code: SAMPLE-42"));
    }

    private static void awaitStatus(InvitationSent event, String status) {
        await().atMost(TIMEOUT).untilAsserted(() -> asStaff().queryParam("invitationId", event.invitationId())
                .when().get("/deliveries")
                .then().statusCode(200).body("[0].status", equalTo(status)));
    }

    /** The event as the delivery row keeps it; read from the table, as the API never shows it. */
    private static String storedEvent(InvitationSent event) throws Exception {
        var infra = LocalInfrastructureTestResource.endpoints();
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUsername(), infra.dbPassword());
                PreparedStatement select = db.prepareStatement("select event_payload from notification.deliveries where event_id = ?")) {
            select.setObject(1, event.eventId());
            try (ResultSet row = select.executeQuery()) {
                assertThat("a delivery row for event " + event.eventId(), row.next(), equalTo(true));
                return row.getString(1);
            }
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
