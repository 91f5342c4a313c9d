package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** InvitationSent on the real topic, the email read back from the real SMTP server. */
@QuarkusTest
class InvitationEmailTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String DEAD_LETTERS = Topics.deadLetter("notification-service");

    final Mailbox mailbox = LocalInfrastructureTestResource.mailbox();

    @Test
    void emailGoesOnlyToPrimaryAddressEvenWhenTheEventCarriesOthers() throws Exception {
        InvitationSent event = Invitations.toNewContact(null);
        String primary = event.recipient().email();
        String second = "second-" + UUID.randomUUID() + "@example.com";
        String third = "third-" + UUID.randomUUID() + "@example.com";
        String copy = "cc-" + UUID.randomUUID() + "@example.com";
        String blindCopy = "bcc-" + UUID.randomUUID() + "@example.com";
        // The contract has no field for them; a producer that adds some anyway must not get them mailed.
        ObjectNode json = EventJson.mapper().valueToTree(event);
        ((ObjectNode) json.get("recipient")).put("emailaddress2", second).put("emailaddress3", third);
        json.putArray("cc").add(copy);
        json.putArray("bcc").add(blindCopy);
        Invitations.publish(event.invitationId().toString(), EventJson.mapper().writeValueAsString(json), event.eventId().toString());

        ReceivedMail mail = single(mailbox.awaitMessagesTo(primary, 1, TIMEOUT));
        assertThat(mail.to(), contains(primary));
        assertThat(mail.cc(), empty());
        assertThat(mail.bcc(), empty());
        for (String other : List.of(second, third, copy, blindCopy)) {
            assertThat(mailbox.messagesTo(other), empty());
        }
    }

    @Test
    void theProgressOfASendCountsTheEmailsOfItsInvitationsCreatedSinceItStarted() {
        InvitationSent earlier = Invitations.toNewContact(null);
        Invitations.publish(earlier);
        mailbox.awaitMessagesTo(earlier.recipient().email(), 1, TIMEOUT);
        Instant sendStarted = Instant.now();
        InvitationSent first = Invitations.toNewContact(null);
        InvitationSent second = Invitations.toNewContact(null);
        Invitations.publish(first);
        Invitations.publish(second);

        await().atMost(TIMEOUT).untilAsserted(() -> asStaff()
                .queryParam("invitationId", earlier.invitationId(), first.invitationId(), second.invitationId())
                .queryParam("since", sendStarted.toString())
                .when().get("/deliveries/progress")
                .then().statusCode(200).body("total", equalTo(2)).body("sent", equalTo(2)).body("failed", equalTo(0)));
    }

    @Test
    void aProgressQueryWithoutInvitationsOrAStartOrWithTooManyIsRefused() {
        String[] fiftyOne = IntStream.range(0, 51).mapToObj(i -> UUID.randomUUID().toString()).toArray(String[]::new);
        asStaff().queryParam("since", "2026-11-30T06:00:00Z").when().get("/deliveries/progress")
                .then().statusCode(400).body("detail", containsString("invitationId"));
        asStaff().queryParam("invitationId", UUID.randomUUID()).when().get("/deliveries/progress")
                .then().statusCode(400).body("detail", containsString("since"));
        asStaff().queryParam("invitationId", UUID.randomUUID()).queryParam("since", "yesterday").when().get("/deliveries/progress")
                .then().statusCode(400).body("detail", containsString("ISO-8601"));
        asStaff().queryParam("invitationId", (Object[]) fiftyOne).queryParam("since", "2026-11-30T06:00:00Z").when().get("/deliveries/progress")
                .then().statusCode(400).body("detail", containsString("1 to 50"));
    }

    @Test
    void defaultTemplateRendersSubjectBothPartsAndALinkCarryingTheCode() {
        InvitationSent event = Invitations.toNewContact(null);
        Invitations.publish(event);

        ReceivedMail mail = single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        String code = Invitations.codeOf(event);
        String link = "http://localhost:8080/portal/redeem?code=" + code + "&lang=en-GB";
        assertThat(mail.subject(), equalTo("You are invited to our portal"));
        assertThat(mail.text(), containsString("Hello Ada Lovelace,"));
        assertThat(mail.text(), containsString("Olivia Owner has invited you"));
        assertThat(mail.text(), containsString("Accept the invitation: " + link));
        assertThat(mail.text(), containsString("invitation code: " + code));
        assertThat(mail.text(), containsString("This invitation expires on"));
        assertThat(mail.html(), containsString("<a href=\"" + link.replace("&", "&amp;") + "\">"));
        assertThat(mail.html(), containsString("<strong>" + code + "</strong>"));
    }

    @Test
    void linkCarriesTheRecipientsLanguageSoThatThePageOpensInIt() {
        InvitationSent base = Invitations.toNewContact(null);
        InvitationSent event = Invitations.withRecipient(base, new InvitationSent.Recipient(
                base.recipient().contactId(), "Gerda Deutsch", base.recipient().email(), "de"));
        Invitations.publish(event);

        ReceivedMail mail = single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        String link = "http://localhost:8080/portal/redeem?code=" + Invitations.codeOf(event) + "&lang=de";
        assertThat(mail.text(), containsString("Accept the invitation: " + link));
        assertThat(mail.html(), containsString("<a href=\"" + link.replace("&", "&amp;") + "\">"));
    }

    @Test
    void linkNamesNoLanguageWhenTheRecipientHasNoLocale() {
        InvitationSent base = Invitations.toNewContact(null);
        InvitationSent event = Invitations.withRecipient(base, new InvitationSent.Recipient(
                base.recipient().contactId(), "Nadia Nolocale", base.recipient().email(), null));
        Invitations.publish(event);

        ReceivedMail mail = single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        String link = "http://localhost:8080/portal/redeem?code=" + Invitations.codeOf(event);
        assertThat(mail.text(), containsString("Accept the invitation: " + link));
        assertThat(mail.text(), not(containsString("lang=")));
        assertThat(mail.html(), containsString("<a href=\"" + link + "\">"));
        assertThat(mail.html(), not(containsString("lang=")));
    }

    @Test
    void invitationOwnerSignsTheEmailWhenTheTemplateHasNoFrom() {
        InvitationSent event = Invitations.toNewContact(null);
        Invitations.publish(event);

        ReceivedMail mail = single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        assertThat(mail.from(), containsString("owner@portal.example"));
        assertThat(mail.from(), containsString("Olivia Owner"));
    }

    /** The recipient's locale (en-GB) does not add a second lang: the template's page names its own. */
    @Test
    void templateFromOverridesTheOwnerAndItsPageUrlMakesTheLink() {
        String key = Templates.create(Map.of(
                "subject", "Join {invitation.name}",
                "htmlBody", "<p><a href=\"{redemptionUrl}\">Join</a> {invitation.code}</p>",
                "textBody", "Join: {redemptionUrl} code {invitation.code}",
                "from", "invitations@portal.example",
                "redemptionPageUrl", "https://portal.example/invite/redeem?lang=en"));
        Templates.activate(key);
        InvitationSent event = Invitations.toNewContact(key);
        Invitations.publish(event);

        ReceivedMail mail = single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        assertThat(mail.from(), equalTo("invitations@portal.example"));
        assertThat(mail.subject(), equalTo("Join Partner portal"));
        String code = Invitations.codeOf(event);
        String link = "https://portal.example/invite/redeem?lang=en&code=" + code;
        assertThat(mail.text(), equalTo("Join: " + link + " code " + code));
        assertThat(mail.html(), containsString("<a href=\"" + link.replace("&", "&amp;") + "\">"));
    }

    @Test
    void userProvidedValuesAreEscapedInHtmlButKeptAsTypedInText() {
        InvitationSent base = Invitations.toNewContact(null);
        String name = "<script>alert('x')</script> & Co";
        InvitationSent event = Invitations.withRecipient(base, new InvitationSent.Recipient(
                base.recipient().contactId(), name, base.recipient().email(), null));
        Invitations.publish(event);

        ReceivedMail mail = single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        assertThat(mail.html(), not(containsString("<script>")));
        assertThat(mail.html(), containsString("Hello &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co,"));
        assertThat(mail.text(), containsString("Hello " + name + ","));
    }

    @Test
    void redeliveredEventIsMailedOnlyOnce() {
        InvitationSent event = Invitations.toNewContact(null);
        Invitations.publish(event);
        Invitations.publish(event);
        // Same key, so same partition, consumed after the duplicate: once its mail is in, the duplicate was handled.
        InvitationSent marker = Invitations.withRecipient(
                new InvitationSent(UUID.randomUUID(), event.invitationId(), event.invitationName(), event.type(), event.encryptedCode(),
                        event.expiresAt(), event.sender(), event.inviter(), event.recipient(), null, event.sentAt()),
                Invitations.toNewContact(null).recipient());
        Invitations.publish(marker);

        mailbox.awaitMessagesTo(marker.recipient().email(), 1, TIMEOUT);
        assertThat(mailbox.messagesTo(event.recipient().email()), hasSize(1));
        asStaff().queryParam("invitationId", event.invitationId()).when().get("/deliveries")
                .then().statusCode(200).body("size()", equalTo(2));
    }

    @Test
    void deliveryIsRecordedAndItsOutcomeIsPublished() throws Exception {
        InvitationSent event = Invitations.toNewContact(null);
        Invitations.publish(event);
        mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT);

        await().atMost(TIMEOUT).untilAsserted(() -> asStaff().queryParam("contactId", event.recipient().contactId())
                .when().get("/deliveries")
                .then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].status", equalTo("SENT"))
                .body("[0].invitationId", equalTo(event.invitationId().toString()))
                .body("[0].recipient", equalTo(event.recipient().email()))
                .body("[0].templateKey", equalTo("send-invitation"))
                .body("[0].templateVersion", equalTo(1))
                .body("[0].attempts", equalTo(1)));
        asStaff().queryParam("invitationId", event.invitationId()).when().get("/deliveries/summary")
                .then().statusCode(200).body("total", equalTo(1)).body("sent", equalTo(1));

        ConsumerRecord<String, String> published = single(Invitations.awaitRecords(
                Topics.INVITATION_EMAIL_DELIVERED, event.invitationId().toString(), 1, TIMEOUT));
        assertThat(Invitations.header(published, CloudEventHeaders.TYPE), equalTo(EventTypes.INVITATION_EMAIL_DELIVERED));
        JsonNode delivered = EventJson.mapper().readTree(published.value());
        assertThat(delivered.get("contactId").asText(), equalTo(event.recipient().contactId().toString()));
        assertThat(delivered.get("recipient").asText(), equalTo(event.recipient().email()));
        assertThat(delivered.get("templateKey").asText(), equalTo("send-invitation"));
    }

    @Test
    void malformedEventsAreDeadLetteredAndConsumptionGoesOn() {
        String unreadableKey = UUID.randomUUID().toString();
        Invitations.publish(unreadableKey, "this is not JSON {", UUID.randomUUID().toString());
        InvitationSent withoutRecipient = Invitations.withRecipient(Invitations.toNewContact(null), null);
        Invitations.publish(withoutRecipient.invitationId().toString(), Invitations.json(withoutRecipient),
                withoutRecipient.eventId().toString());
        InvitationSent badAddress = Invitations.withRecipient(Invitations.toNewContact(null),
                new InvitationSent.Recipient(UUID.randomUUID(), "No Address", "not-an-address", null));
        Invitations.publish(badAddress);
        InvitationSent withoutAddress = Invitations.withRecipient(Invitations.toNewContact(null),
                new InvitationSent.Recipient(UUID.randomUUID(), "No Address", null, null));
        Invitations.publish(withoutAddress);
        InvitationSent good = Invitations.toNewContact(null);
        Invitations.publish(good);

        mailbox.awaitMessagesTo(good.recipient().email(), 1, TIMEOUT);
        assertThat(Invitations.header(single(Invitations.awaitRecords(DEAD_LETTERS, unreadableKey, 1, TIMEOUT)),
                "dead-letter-reason"), startsWith("Unreadable InvitationSent"));
        assertThat(Invitations.header(single(Invitations.awaitRecords(DEAD_LETTERS, withoutRecipient.invitationId().toString(), 1, TIMEOUT)),
                "dead-letter-reason"), containsString("recipient must not be null"));
        ConsumerRecord<String, String> dead = single(Invitations.awaitRecords(DEAD_LETTERS, badAddress.invitationId().toString(), 1, TIMEOUT));
        assertThat(dead.value(), equalTo(Invitations.json(badAddress)));
        assertThat(Invitations.header(dead, "dead-letter-reason"), containsString("recipient.email must be a well-formed email address"));
        assertThat(Invitations.header(single(Invitations.awaitRecords(DEAD_LETTERS, withoutAddress.invitationId().toString(), 1, TIMEOUT)),
                "dead-letter-reason"), containsString("recipient.email must not be blank"));
        for (InvitationSent refused : List.of(badAddress, withoutAddress)) {
            asStaff().queryParam("invitationId", refused.invitationId()).when().get("/deliveries")
                    .then().statusCode(200).body("size()", equalTo(0));
        }
    }

    @Test
    void eventForAnUnknownTemplateFailsItsDeliveryAndIsDeadLettered() {
        InvitationSent event = Invitations.toNewContact("no-such-template-" + UUID.randomUUID().toString().substring(0, 8));
        Invitations.publish(event);

        ConsumerRecord<String, String> dead = single(Invitations.awaitRecords(DEAD_LETTERS, event.invitationId().toString(), 1, TIMEOUT));
        assertThat(Invitations.header(dead, "dead-letter-reason"), startsWith("No template"));
        asStaff().queryParam("invitationId", event.invitationId()).when().get("/deliveries")
                .then().statusCode(200)
                .body("[0].status", equalTo("FAILED"))
                .body("[0].lastError", startsWith("No template"));
        single(Invitations.awaitRecords(Topics.INVITATION_EMAIL_FAILED, event.invitationId().toString(), 1, TIMEOUT));
        assertThat(mailbox.messagesTo(event.recipient().email()), empty());
    }

    @Test
    void claimAbandonedByADeadProcessIsSentOnceItsLeaseExpires() {
        InvitationSent event = Invitations.toNewContact(null);
        UUID deliveryId = StoredDeliveries.insertSending(event, UUID.randomUUID(), Instant.now().minusSeconds(1));

        single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        await().atMost(TIMEOUT).untilAsserted(() -> asStaff().when().get("/deliveries/" + deliveryId)
                .then().statusCode(200).body("status", equalTo("SENT")).body("attempts", equalTo(1)));
    }

    @Test
    void deliveryQueriesRefuseBadInput() {
        asStaff().when().get("/deliveries")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("invitationId"));
        asStaff().queryParam("contactId", "nope").when().get("/deliveries")
                .then().statusCode(400).body("errors[0].field", equalTo("contactId"));
        asStaff().queryParam("invitationId", UUID.randomUUID()).queryParam("size", 5000).when().get("/deliveries")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
        asStaff().when().get("/deliveries/" + UUID.randomUUID())
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
    }

    static <T> T single(List<T> items) {
        assertThat(items, hasSize(1));
        return items.get(0);
    }
}
