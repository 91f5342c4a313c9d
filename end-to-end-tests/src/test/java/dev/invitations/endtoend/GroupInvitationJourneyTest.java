package dev.invitations.endtoend;

import static dev.invitations.portalclient.SingleInvitationWalkthrough.OWNER;
import static dev.invitations.portalclient.SingleInvitationWalkthrough.id;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.portalclient.InvitationEmail;
import dev.invitations.portalclient.PortalClient;
import dev.invitations.portalclient.PortalClient.ContactDraft;
import dev.invitations.portalclient.PortalClient.InvitationDraft;
import dev.invitations.portalclient.PortalClient.Reply;
import dev.invitations.portalclient.SingleInvitationWalkthrough;
import dev.invitations.portalclient.Tags;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 4 of the issue: a Group invitation to four contacts with a maximum of three redemptions, bulk-sent together
 * with other invitations; redeemed up to its maximum, and then the refusals a portal must show: one more (409), an
 * expired invitation (410), a revoked one (410), a wrong code (404).
 */
@ExtendWith(RunningPortal.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupInvitationJourneyTest {

    private static final int MAXIMUM = 3;
    /** Long enough for the bulk send to go out before it; the expiry test then waits for it to pass. */
    private static final Duration EXPIRING_IN = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private PortalClient portal;
    private Mailbox mailbox;
    private final List<JsonNode> members = new ArrayList<>();
    private JsonNode memberRole;
    private JsonNode group;
    private JsonNode revokedAfterSending;
    private JsonNode revokedInvitee;
    private JsonNode revokedBeforeSending;
    private JsonNode expiring;
    private JsonNode expiringInvitee;
    private JsonNode bulkSend;

    @BeforeAll
    void createAndBulkSendInvitations(PortalClient portal, Mailbox mailbox) {
        this.portal = portal;
        this.mailbox = mailbox;
        String tag = Tags.next();
        memberRole = portal.createWebRole("Member " + tag, "Granted by the group invitation");
        for (String name : List.of("Alan", "Barbara", "Claude", "Donald")) {
            members.add(contact(name, tag));
        }
        group = portal.createInvitation(InvitationDraft.group("Partner program " + tag, OWNER,
                members.stream().map(SingleInvitationWalkthrough::id).toList(), MAXIMUM)
                .grantingWebRoles(id(memberRole)));
        revokedInvitee = contact("Edsger", tag);
        revokedAfterSending = portal.createInvitation(InvitationDraft.single("Beta " + tag, OWNER, id(revokedInvitee)));
        revokedBeforeSending = portal.createInvitation(InvitationDraft.single("Withdrawn " + tag, OWNER,
                id(contact("Frances", tag))));
        portal.revoke(id(revokedBeforeSending));
        expiringInvitee = contact("Grace", tag);
        // Created last, right before the bulk send, so that it is still valid when sent.
        expiring = portal.createInvitation(InvitationDraft.single("Flash sale " + tag, OWNER, id(expiringInvitee))
                .expiringAt(Instant.now().plus(EXPIRING_IN)));
        bulkSend = portal.sendAll(List.of(id(group), id(revokedAfterSending), id(expiring), id(revokedBeforeSending)));
    }

    @Test
    void bulkSendSendsEverySendableInvitationAndReportsTheOthersWithTheirReason() {
        JsonNode rejected = bulkSend.path("rejected");
        assertAll(
                () -> assertEquals(3, bulkSend.path("accepted").asInt(), bulkSend::toString),
                () -> assertEquals(members.size() + 2, bulkSend.path("recipients").asInt(), "one email per invitee"),
                () -> assertEquals(1, rejected.size(), rejected::toString),
                () -> assertEquals(id(revokedBeforeSending).toString(), rejected.path(0).path("id").asText()),
                () -> assertTrue(rejected.path(0).path("reason").asText().contains("revoked"), rejected::toString));
    }

    @Test
    void everyGroupMemberGetsTheGroupsCodeAtTheirPrimaryAddress() {
        String code = group.path("code").asText();
        for (JsonNode member : members) {
            assertEquals(code, emailedCode(member));
        }
    }

    @Test
    void groupInvitationIsRedeemedUpToItsMaximumAndRefusesOneMore() {
        for (int i = 0; i < MAXIMUM; i++) {
            JsonNode member = members.get(i);
            JsonNode redeemed = portal.redeem(emailedCode(member), id(member)).expect(200);
            assertEquals(i + 1, redeemed.path("redemptionCount").asInt(), "redemptions are counted one by one");
        }
        JsonNode last = members.get(MAXIMUM);
        Reply oneTooMany = portal.redeem(emailedCode(last), id(last));
        assertTrue(oneTooMany.isProblem(409), oneTooMany::toString);

        JsonNode invitation = portal.invitation(id(group));
        Set<String> redeemers = ids(members.subList(0, MAXIMUM));
        assertAll(
                () -> assertEquals("REDEEMED", invitation.path("status").asText()),
                () -> assertEquals(MAXIMUM, invitation.path("redemptionCount").asInt()),
                () -> assertEquals(redeemers, contactIds(invitation.path("redeemedContacts"))));

        List<JsonNode> activities = await("an activity per redemption of the group").atMost(RunningPortal.DEADLINE)
                .pollInterval(POLL_INTERVAL)
                .until(() -> portal.redemptionActivities(id(group)), found -> found.size() >= MAXIMUM);
        assertEquals(redeemers, contactIds(activities), "one activity per redeeming contact, none for the refused one");
        for (JsonNode member : members.subList(0, MAXIMUM)) {
            assertEquals(Set.of(id(memberRole).toString()), webRoleIds(portal.contactAccess(id(member))));
        }
        assertEquals(Set.of(), webRoleIds(portal.contactAccess(id(last))), "the refused contact got nothing");
    }

    @Test
    void anInvitationRedeemedAfterItsExpiryIsGone() {
        String code = emailedCode(expiringInvitee);
        await("the invitation to expire").atMost(EXPIRING_IN.plus(RunningPortal.DEADLINE)).pollInterval(POLL_INTERVAL)
                .until(() -> portal.invitation(id(expiring)).path("status").asText(), "EXPIRED"::equals);
        Reply late = portal.redeem(code, id(expiringInvitee));
        assertTrue(late.isProblem(410), late::toString);
    }

    @Test
    void anInvitationRevokedAfterItWasEmailedIsGone() {
        String code = emailedCode(revokedInvitee);
        assertEquals("REVOKED", portal.revoke(id(revokedAfterSending)).path("status").asText());
        Reply revoked = portal.redeem(code, id(revokedInvitee));
        assertTrue(revoked.isProblem(410), revoked::toString);
    }

    @Test
    void aCodeNoInvitationHasIsNotFound() {
        Reply unknown = portal.redeem(randomCode(), id(members.get(0)));
        assertTrue(unknown.isProblem(404), unknown::toString);
    }

    private JsonNode contact(String firstName, String tag) {
        String local = firstName.toLowerCase() + "." + tag;
        return portal.createContact(new ContactDraft(firstName + " " + tag, local + "@example.com",
                local + "@home.example.net", null, "en"));
    }

    /** The code in the invitation email the contact received at its primary address. */
    private String emailedCode(JsonNode contact) {
        String primary = contact.path("emailAddress1").asText();
        return InvitationEmail.of(await("the invitation email to " + primary).atMost(RunningPortal.DEADLINE)
                .pollInterval(POLL_INTERVAL)
                .until(() -> mailbox.messagesTo(primary), mails -> !mails.isEmpty()).get(0)).code();
    }

    /** A well-formed code (32 characters of Crockford's base 32) that no invitation has. */
    private static String randomCode() {
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        SecureRandom random = new SecureRandom();
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            code.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return code.toString();
    }

    private static Set<String> ids(List<JsonNode> resources) {
        Set<String> ids = new TreeSet<>();
        resources.forEach(resource -> ids.add(resource.path("id").asText()));
        return ids;
    }

    private static Set<String> contactIds(Iterable<JsonNode> records) {
        Set<String> ids = new TreeSet<>();
        records.forEach(record -> ids.add(record.path("contactId").asText()));
        return ids;
    }

    private static Set<String> webRoleIds(JsonNode access) {
        Set<String> ids = new TreeSet<>();
        access.path("webRoles").forEach(role -> ids.add(role.path("id").asText()));
        return ids;
    }
}
