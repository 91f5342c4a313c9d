package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.invitations.contract.InvitationSent;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An email whose template is inactive (being edited) is held, then sent with the activated text. */
@QuarkusTest
class HeldEmailTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final Mailbox mailbox = LocalInfrastructureTestResource.mailbox();

    @Test
    void emailIsHeldWhileItsTemplateIsInactiveAndSentWithTheActivatedVersion() {
        String key = Templates.create(Templates.body("Draft {invitation.name}", "<p>draft</p>", "draft"));
        InvitationSent first = Invitations.toNewContact(key);
        InvitationSent second = Invitations.toNewContact(key);
        Invitations.publish(first);
        Invitations.publish(second);

        for (InvitationSent event : List.of(first, second)) {
            await().atMost(TIMEOUT).untilAsserted(() -> asStaff().queryParam("invitationId", event.invitationId())
                    .when().get("/deliveries")
                    .then().statusCode(200).body("[0].status", equalTo("HELD")));
            // Held is committed and acknowledged: had anything been sent, it would be in already.
            assertThat(mailbox.messagesTo(event.recipient().email()), empty());
        }
        asStaff().when().get("/templates/" + key).then().statusCode(200).body("heldEmails", equalTo(2));
        asStaff().when().get("/templates").then().statusCode(200)
                .body("find { it.key == '" + key + "' }.heldEmails", equalTo(2));

        asStaff().contentType(ContentType.JSON).body(Templates.body("Final {invitation.name}", "<p>final {invitation.code}</p>", "final"))
                .when().put("/templates/" + key).then().statusCode(200).body("version", equalTo(2));
        asStaff().when().post("/templates/" + key + "/activate")
                .then().statusCode(200).body("releasedDeliveries", equalTo(2)).body("template.heldEmails", equalTo(0));

        for (InvitationSent event : List.of(first, second)) {
            List<ReceivedMail> mails = mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT);
            ReceivedMail mail = InvitationEmailTest.single(mails);
            assertThat(mail.subject(), equalTo("Final Partner portal"));
            assertThat(mail.text(), equalTo("final"));
            await().atMost(TIMEOUT).untilAsserted(() -> asStaff().queryParam("invitationId", event.invitationId())
                    .when().get("/deliveries")
                    .then().body("[0].status", equalTo("SENT")).body("[0].templateVersion", equalTo(2)));
        }
    }

    @Test
    void emailArrivingAfterDeactivationIsHeldUntilReactivation() {
        String key = Templates.create(Templates.body("Live {invitation.name}", "<p>live</p>", "live"));
        Templates.activate(key);
        asStaff().when().post("/templates/" + key + "/deactivate").then().statusCode(200);
        InvitationSent event = Invitations.toNewContact(key);
        Invitations.publish(event);

        await().atMost(TIMEOUT).untilAsserted(() -> asStaff().queryParam("invitationId", event.invitationId())
                .when().get("/deliveries").then().body("[0].status", equalTo("HELD")));
        assertThat(mailbox.messagesTo(event.recipient().email()), empty());

        Templates.activate(key);
        assertThat(InvitationEmailTest.single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT)).subject(),
                equalTo("Live Partner portal"));
    }
}
