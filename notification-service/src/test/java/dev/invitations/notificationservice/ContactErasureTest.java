package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.contract.ContactErased;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationSent;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.testsupport.ContactErasedRecords;
import dev.invitations.testsupport.ServiceDatabase;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ContactErased records on the real broker; the deliveries read back through the HTTP API, the mail from real SMTP. */
@QuarkusTest
@WithKafkaCompanion
class ContactErasureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    final Mailbox mailbox = LocalInfrastructureTestResource.mailbox();

    private KafkaCompanion kafka;

    @Test
    void anErasedContactsDeliveriesGoAndItsHeldEmailIsNeverSent() {
        InvitationSent sent = Invitations.toNewContact(null);
        UUID contact = sent.recipient().contactId();
        String address = sent.recipient().email();
        String key = Templates.create(Templates.body("Held {invitation.name}", "<p>held</p>", "held"));
        InvitationSent held = Invitations.withRecipient(Invitations.toNewContact(key), sent.recipient());
        InvitationSent bystander = Invitations.toNewContact(null);
        Invitations.publish(sent);
        Invitations.publish(held);
        Invitations.publish(bystander);
        mailbox.awaitMessagesTo(address, 1, TIMEOUT);
        mailbox.awaitMessagesTo(bystander.recipient().email(), 1, TIMEOUT);
        await().atMost(TIMEOUT).until(() -> deliveriesOf(contact) == 2 && reportsNaming(address) == 1);

        ContactErasedRecords.publish(kafka, ContactErasedRecords.erasureOf(contact));

        await().atMost(TIMEOUT).until(() -> deliveriesOf(contact) == 0);
        assertEquals(0, reportsNaming(address), "the delivery report no longer names the address");
        assertEquals(1, ServiceDatabase.count("select count(*) from outbox_event where event_type = ? and strpos(payload, ?) > 0",
                EventTypes.INVITATION_EMAIL_DELIVERED, contact.toString()), "the report itself stays");
        asStaff().when().post("/templates/" + key + "/activate").then().statusCode(200).body("releasedDeliveries", equalTo(0));
        assertThat(mailbox.messagesTo(address), hasSize(1));
        assertEquals(1, deliveriesOf(bystander.recipient().contactId()));
    }

    @Test
    void theSameErasureTwiceIsHandledOnceAndAnUnknownContactsIsHarmless() {
        UUID unknown = UUID.randomUUID();
        ContactErased erasure = ContactErasedRecords.erasureOf(unknown);

        ContactErasedRecords.publish(kafka, erasure, erasure);

        await().atMost(TIMEOUT).until(() -> erased(unknown));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> ServiceDatabase.count(
                "select count(*) from processed_event where event_id = ? and event_type = ?", erasure.eventId(),
                EventTypes.CONTACT_ERASED) == 1);
        assertEquals(0, deliveriesOf(unknown));
    }

    @Test
    void anInvitationArrivingAfterTheErasureIsNeitherStoredNorMailed() {
        InvitationSent late = Invitations.toNewContact(null);
        InvitationSent other = new InvitationSent(UUID.randomUUID(), late.invitationId(), late.invitationName(), late.type(),
                late.encryptedCode(), late.expiresAt(), late.sender(), null,
                new InvitationSent.Recipient(UUID.randomUUID(), "Grace Hopper", "other-" + UUID.randomUUID() + "@example.com", "en"),
                null, late.sentAt());
        ContactErasedRecords.publish(kafka, ContactErasedRecords.erasureOf(late.recipient().contactId()));
        await().atMost(TIMEOUT).until(() -> erased(late.recipient().contactId()));

        // One key, one partition: once the other recipient's email is out, the erased one's event was handled.
        Invitations.publish(late);
        Invitations.publish(other);

        mailbox.awaitMessagesTo(other.recipient().email(), 1, TIMEOUT);
        await().atMost(TIMEOUT).until(() -> deliveriesOf(other.recipient().contactId()) == 1);
        assertThat(mailbox.messagesTo(late.recipient().email()), empty());
        assertEquals(0, deliveriesOf(late.recipient().contactId()));
    }

    private static long deliveriesOf(UUID contact) {
        return ServiceDatabase.count("select count(*) from deliveries where contact_id = ?", contact);
    }

    private static long reportsNaming(String address) {
        return ServiceDatabase.count("select count(*) from outbox_event where strpos(payload, ?) > 0", address);
    }

    private static boolean erased(UUID contact) {
        return ServiceDatabase.count("select count(*) from erased_contact where contact_id = ?", contact) == 1;
    }
}
