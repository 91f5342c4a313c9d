package dev.invitations.endtoend;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import dev.invitations.portalclient.PortalClient;
import dev.invitations.portalclient.PortalClient.Reply;
import dev.invitations.portalclient.SingleInvitationWalkthrough;
import dev.invitations.portalclient.SingleInvitationWalkthrough.Outcome;
import dev.invitations.portalclient.SingleInvitationWalkthrough.Setup;
import dev.invitations.portalclient.Tags;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Steps 1 to 3 of the issue: an operator sets up web roles, an account, a workflow and contacts; sends a Single
 * invitation; the invitee reads the email and redeems the code it carries; every service then shows its part.
 * The walkthrough runs once (the same one the demo narrates); each test checks one rule on what it left behind.
 */
@ExtendWith(RunningPortal.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleInvitationJourneyTest {

    private PortalClient portal;
    private Mailbox mailbox;
    private Outcome outcome;
    private Setup setup;

    @BeforeAll
    void walkThroughStepsOneToThree(PortalClient portal, Mailbox mailbox) {
        this.portal = portal;
        this.mailbox = mailbox;
        outcome = new SingleInvitationWalkthrough(portal, mailbox, RunningPortal.DEADLINE,
                line -> System.out.println("[single] " + line)).run(Tags.next());
        setup = outcome.setup();
    }

    @Test
    void invitationEmailGoesOnlyToThePrimaryAddressOfTheInvitee() {
        ReceivedMail mail = outcome.email().mail();
        String primary = setup.invitee().path("emailAddress1").asText();
        assertAll(
                () -> assertEquals(1, outcome.sendReceipt().path("recipients").asInt(), "one email queued"),
                () -> assertEquals(List.of(primary), mail.to()),
                () -> assertEquals(List.of(), mail.cc(), "no copy"),
                () -> assertEquals(List.of(), mail.bcc(), "no blind copy"),
                () -> assertEquals(1, mailbox.messagesTo(primary).size(), "one email for one send"),
                () -> outcome.mailToOtherAddresses().forEach((address, mails) ->
                        assertEquals(List.of(), mails, "the secondary and alternate addresses get nothing: " + address)));
    }

    @Test
    void theInvitationOwnerSignsTheEmailWhenTheTemplateNamesNoSender() {
        String from = outcome.email().mail().from();
        assertTrue(from.contains(SingleInvitationWalkthrough.OWNER.email())
                && from.contains(SingleInvitationWalkthrough.OWNER.name()), from);
    }

    @Test
    void emailCarriesTheInvitationCodeAndTheLinkToTheRedemptionPage() {
        ReceivedMail mail = outcome.email().mail();
        String code = outcome.createdInvitation().path("code").asText();
        assertAll(
                () -> assertEquals(code, outcome.email().code(), "the link carries the invitation's code"),
                () -> assertTrue(mail.text().contains(code), "the text names the code for typing it in"),
                () -> assertTrue(mail.html().contains(code), "so does the HTML part"),
                () -> assertTrue(mail.html().contains(outcome.email().link().toString().replace("&", "&amp;")),
                        "the HTML part links the page too (its & escaped, as HTML attributes have them)"),
                () -> assertTrue(mail.text().contains(setup.inviter().path("fullName").asText()),
                        "the inviter contact is named as the one who invites"));
    }

    @Test
    void redeemingTheEmailedCodeCountsOneRedemptionForTheInvitee() {
        assertEquals(setup.inviteeId().toString(), outcome.redemption().path("contactId").asText());
        assertEquals(1, outcome.redemption().path("redemptionCount").asInt());
    }

    @Test
    void redemptionMakesTheAccountTheParentAndGrantsBothWebRoles() {
        JsonNode access = outcome.access();
        assertEquals(id(setup.account()), access.path("parentAccountId").asText());
        assertEquals(Set.of(id(setup.partnerRole()), id(setup.ordersRole())), ids(access.path("webRoles")));
    }

    @Test
    void redemptionIsRecordedAsOneInviteRedemptionActivity() {
        assertEquals(1, outcome.activities().size(), outcome.activities()::toString);
        JsonNode activity = outcome.activities().get(0);
        assertAll(
                () -> assertEquals(outcome.invitationId().toString(), activity.path("invitationId").asText()),
                () -> assertEquals(setup.inviteeId().toString(), activity.path("contactId").asText()),
                () -> assertEquals(id(setup.account()), activity.path("account").path("id").asText()),
                () -> assertEquals("ASSIGNED", activity.path("account").path("outcome").asText()),
                () -> assertEquals(Set.of(id(setup.partnerRole()), id(setup.ordersRole())), ids(activity.path("webRoles"))),
                () -> activity.path("webRoles").forEach(role -> assertEquals("GRANTED", role.path("outcome").asText())),
                () -> assertFalse(activity.path("partial").asBoolean(), "everything named was applied"));
    }

    @Test
    void theWorkflowRanToCompletionWithTheRedeemingContactAsInput() {
        assertEquals(1, outcome.workflowRuns().size(), outcome.workflowRuns()::toString);
        JsonNode run = outcome.workflowRuns().get(0);
        String invitee = setup.inviteeId().toString();
        assertAll(
                () -> assertEquals("COMPLETED", run.path("status").asText(), run::toString),
                () -> assertEquals(SingleInvitationWalkthrough.WORKFLOW_ID, run.path("workflowId").asText()),
                () -> assertEquals(invitee, run.path("contactId").asText()),
                () -> assertEquals(invitee, run.path("input").path("contact").path("id").asText()),
                () -> assertEquals(invitee, run.path("output").path("contactId").asText(), "the engine ran on it"),
                () -> assertEquals(setup.invitee().path("fullName").asText(), run.path("output").path("welcomed").asText()));
    }

    @Test
    void theInvitationShowsItsRedeemedContactAndTheDeliveredEmail() {
        JsonNode invitation = outcome.invitation();
        assertAll(
                () -> assertEquals("REDEEMED", invitation.path("status").asText()),
                () -> assertEquals(1, invitation.path("redemptionCount").asInt()),
                () -> assertEquals(setup.inviteeId().toString(),
                        invitation.path("redeemedContacts").path(0).path("contactId").asText()),
                () -> assertEquals("DELIVERED", invitation.path("invitedContacts").path(0).path("deliveryStatus").asText()));
    }

    @Test
    void aSingleInvitationIsRedeemedOnlyOnce() {
        Reply again = portal.redeem(outcome.email().code(), setup.inviteeId());
        assertTrue(again.isProblem(409), again::toString);
        assertEquals(1, portal.invitation(outcome.invitationId()).path("redemptionCount").asInt(),
                "the refused attempt changed nothing");
    }

    private static String id(JsonNode resource) {
        return resource.path("id").asText();
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> ids = new TreeSet<>();
        array.forEach(element -> ids.add(element.path("id").asText()));
        return ids;
    }
}
