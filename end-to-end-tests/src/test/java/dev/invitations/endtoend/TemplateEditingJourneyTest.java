package dev.invitations.endtoend;

import static dev.invitations.portalclient.SingleInvitationWalkthrough.OWNER;
import static dev.invitations.portalclient.SingleInvitationWalkthrough.id;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import dev.invitations.portalclient.InvitationEmail;
import dev.invitations.portalclient.PortalClient;
import dev.invitations.portalclient.PortalClient.ContactDraft;
import dev.invitations.portalclient.PortalClient.InvitationDraft;
import dev.invitations.portalclient.PortalClient.Reply;
import dev.invitations.portalclient.PortalClient.TemplateDraft;
import dev.invitations.portalclient.SingleInvitationWalkthrough;
import dev.invitations.portalclient.Tags;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 5 of the issue, the seed's rule for the Send Invitation template: it is edited only while deactivated, and
 * invitations sent meanwhile are held, then delivered with the edited text once it is active again.
 */
@ExtendWith(RunningPortal.class)
class TemplateEditingJourneyTest {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final String TEMPLATE_SENDER = "partners@portal.example";
    private static final String EDITED_PAGE = "https://partners.portal.example/redeem";

    private static final TemplateDraft FIRST_VERSION = new TemplateDraft(
            "Welcome aboard, {recipient.name}",
            "<p>Hello {recipient.name}, <a href=\"{redemptionUrl}\">join the partner portal</a> (code {invitation.code})</p>",
            "Hello {recipient.name}, join the partner portal: {redemptionUrl} (code {invitation.code})",
            null, null);
    private static final TemplateDraft EDITED_VERSION = new TemplateDraft(
            "Your partner invitation: {invitation.name}",
            "<p>{recipient.name}, your seat is waiting: <a href=\"{redemptionUrl}\">accept</a>. Code: {invitation.code}</p>",
            "{recipient.name}, your seat is waiting: {redemptionUrl}\nCode: {invitation.code}",
            TEMPLATE_SENDER, EDITED_PAGE);

    @Test
    void invitationsSentWhileTheTemplateIsEditedAreHeldAndThenDeliveredWithTheEditedText(PortalClient portal,
                                                                                         Mailbox mailbox) {
        String tag = Tags.next();
        String key = "partner-welcome-" + tag;
        Reply created = portal.saveTemplate(key, FIRST_VERSION);
        assertEquals(201, created.status(), created::toString);
        assertFalse(created.body().path("active").asBoolean(), "a new template starts inactive");
        portal.activateTemplate(key);

        JsonNode before = invitee(portal, "Hedy", tag);
        ReceivedMail firstMail = awaitMail(mailbox, before, sendWithTemplate(portal, key, before, "Spring " + tag));
        assertEquals("Welcome aboard, " + before.path("fullName").asText(), firstMail.subject());
        assertTrue(firstMail.from().contains(OWNER.email()), "without a template sender, the owner signs: " + firstMail.from());

        portal.deactivateTemplate(key);
        Reply edited = portal.saveTemplate(key, EDITED_VERSION);
        assertEquals(200, edited.status(), edited::toString);
        assertEquals(2, edited.body().path("version").asInt());

        JsonNode during = invitee(portal, "Katherine", tag);
        JsonNode held = sendWithTemplate(portal, key, during, "Summer " + tag);
        List<JsonNode> deliveries = await("the email to be held").atMost(RunningPortal.DEADLINE).pollInterval(POLL_INTERVAL)
                .until(() -> portal.deliveries(id(held)), found -> !found.isEmpty());
        assertEquals("HELD", deliveries.get(0).path("status").asText(), deliveries::toString);
        assertEquals(List.of(), mailbox.messagesTo(during.path("emailAddress1").asText()), "held, not sent");

        JsonNode activation = portal.activateTemplate(key);
        assertEquals(1, activation.path("releasedDeliveries").asInt(), activation::toString);

        ReceivedMail releasedMail = awaitMail(mailbox, during, held);
        InvitationEmail email = InvitationEmail.of(releasedMail);
        assertAll(
                () -> assertEquals("Your partner invitation: Summer " + tag, releasedMail.subject(), "the edited text"),
                () -> assertEquals(TEMPLATE_SENDER, releasedMail.from(), "the template's sender overrides the owner"),
                () -> assertTrue(email.link().toString().startsWith(EDITED_PAGE + "?"), email.link()::toString),
                () -> assertEquals(held.path("code").asText(), email.code()),
                () -> assertEquals(List.of(during.path("emailAddress1").asText()), releasedMail.to()));
        JsonNode invitation = await("the delivery report").atMost(RunningPortal.DEADLINE).pollInterval(POLL_INTERVAL)
                .until(() -> portal.invitation(id(held)),
                        found -> !"PENDING".equals(found.path("invitedContacts").path(0).path("deliveryStatus").asText()));
        assertEquals("DELIVERED", invitation.path("invitedContacts").path(0).path("deliveryStatus").asText());
    }

    @Test
    void anActiveTemplateCannotBeEdited(PortalClient portal) {
        String key = "active-" + Tags.next();
        assertEquals(201, portal.saveTemplate(key, FIRST_VERSION).status());
        portal.activateTemplate(key);

        Reply refused = portal.saveTemplate(key, EDITED_VERSION);

        assertTrue(refused.isProblem(409), refused::toString);
        JsonNode template = portal.template(key);
        assertEquals(1, template.path("version").asInt(), "the refused edit stored nothing");
        assertEquals(FIRST_VERSION.subject(), template.path("subject").asText());
    }

    private static JsonNode invitee(PortalClient portal, String firstName, String tag) {
        String local = firstName.toLowerCase() + "." + tag;
        return portal.createContact(new ContactDraft(firstName + " " + tag, local + "@example.com", null, null, "en"));
    }

    private static JsonNode sendWithTemplate(PortalClient portal, String key, JsonNode invitee, String name) {
        JsonNode invitation = portal.createInvitation(InvitationDraft.single(name, OWNER, id(invitee)).mailedWith(key));
        portal.send(id(invitation));
        return invitation;
    }

    private static ReceivedMail awaitMail(Mailbox mailbox, JsonNode invitee, JsonNode invitation) {
        String primary = invitee.path("emailAddress1").asText();
        return await("the email of invitation " + id(invitation) + " to " + primary).atMost(RunningPortal.DEADLINE)
                .pollInterval(POLL_INTERVAL)
                .until(() -> mailbox.messagesTo(primary), mails -> !mails.isEmpty()).get(0);
    }
}
