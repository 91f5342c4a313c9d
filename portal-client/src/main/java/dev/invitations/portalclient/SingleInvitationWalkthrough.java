package dev.invitations.portalclient;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import dev.invitations.portalclient.PortalClient.ContactDraft;
import dev.invitations.portalclient.PortalClient.InvitationDraft;
import dev.invitations.portalclient.PortalClient.Owner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

/**
 * Steps 1 to 3 of the portal's story, as an operator and an invitee live them, through the HTTP APIs and the
 * mailbox only: set up what a redemption grants, send a Single invitation, read the email, redeem the code it
 * carries, and wait until every service has done its part. The demo narrates it; the end-to-end test asserts on the
 * {@link Outcome}. Names and addresses carry a tag, so the walkthrough can run any number of times on one system.
 */
public final class SingleInvitationWalkthrough {

    /** The workflow every walkthrough names; registering the same document again changes nothing. */
    public static final String WORKFLOW_ID = "welcome-contact";
    public static final Owner OWNER = new Owner("Olivia Operator", "olivia.operator@portal.example");

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    /** What step 1 created. */
    public record Setup(JsonNode account, JsonNode partnerRole, JsonNode ordersRole, JsonNode workflow,
                        JsonNode invitee, JsonNode inviter) {

        public UUID inviteeId() {
            return UUID.fromString(invitee.path("id").asText());
        }
    }

    /**
     * Everything a user could see at the end: the email, the redemption's answer, the invitee's portal access, the
     * Invite Redemption Activity, the workflow run, the invitation as the operator reads it, and whatever reached the
     * invitee's secondary and alternate addresses (nothing, by the seed's rule).
     */
    public record Outcome(Setup setup, JsonNode createdInvitation, JsonNode sendReceipt, InvitationEmail email,
                          JsonNode redemption, JsonNode access, List<JsonNode> activities, List<JsonNode> workflowRuns,
                          JsonNode invitation, Map<String, List<ReceivedMail>> mailToOtherAddresses) {

        public UUID invitationId() {
            return UUID.fromString(createdInvitation.path("id").asText());
        }
    }

    private final PortalClient portal;
    private final Mailbox mailbox;
    private final Duration deadline;
    private final Consumer<String> narrator;

    /**
     * @param deadline how long each asynchronous effect (an email, an applied redemption, a workflow run) may take
     * @param narrator receives one line per thing that happened
     */
    public SingleInvitationWalkthrough(PortalClient portal, Mailbox mailbox, Duration deadline,
                                       Consumer<String> narrator) {
        this.portal = portal;
        this.mailbox = mailbox;
        this.deadline = deadline;
        this.narrator = narrator;
    }

    public Outcome run(String tag) {
        Setup setup = setUp(tag);
        UUID invitee = setup.inviteeId();

        say("");
        say("Step 2: the operator creates a Single invitation and sends it (invitation-service)");
        JsonNode created = portal.createInvitation(InvitationDraft.single("Partner portal " + tag, OWNER, invitee)
                .invitedBy(id(setup.inviter()))
                .assigningAccount(id(setup.account()))
                .grantingWebRoles(id(setup.partnerRole()), id(setup.ordersRole()))
                .runningWorkflow(WORKFLOW_ID)
                .expiringAt(Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
        UUID invitationId = id(created);
        say("  invitation  %s  type %s, status %s, expires %s", invitationId, created.path("type").asText(),
                created.path("status").asText(), created.path("expiresAt").asText());
        JsonNode receipt = portal.send(invitationId);
        say("  sent        %d email(s) queued at %s", receipt.path("recipients").asInt(),
                receipt.path("sentAt").asText());

        String primary = setup.invitee().path("emailAddress1").asText();
        ReceivedMail mail = await("the invitation email to " + primary).atMost(deadline).pollInterval(POLL_INTERVAL)
                .until(() -> mailbox.messagesTo(primary), mails -> !mails.isEmpty()).get(0);
        InvitationEmail email = InvitationEmail.of(mail);
        say("  email       from    %s", mail.from());
        say("              to      %s", String.join(", ", mail.to()));
        say("              subject %s", mail.subject());
        say("              link    %s", email.link());

        say("");
        say("Step 3: the invitee follows the link and redeems the code from the email (invitation-service)");
        JsonNode redemption = portal.redeem(email.code(), invitee).expect(200);
        say("  redeemed    by contact %s, redemption count %d", redemption.path("contactId").asText(),
                redemption.path("redemptionCount").asInt());

        List<JsonNode> activities = await("the Invite Redemption Activity of invitation " + invitationId)
                .atMost(deadline).pollInterval(POLL_INTERVAL)
                .until(() -> portal.redemptionActivities(invitationId), found -> !found.isEmpty());
        // The activity and the access are written in one transaction: once the first is there, so is the second.
        JsonNode access = portal.contactAccess(invitee);
        say("  access      parent account %s, web roles %s (redemption-service)",
                access.path("parentAccountId").asText("none"), names(access.path("webRoles")));
        JsonNode activity = activities.get(0);
        say("  activity    %s: account %s, web roles %s", activity.path("id").asText(),
                activity.path("account").path("outcome").asText("none"),
                outcomes(activity.path("webRoles")));

        List<JsonNode> runs = await("the workflow run of invitation " + invitationId).atMost(deadline)
                .pollInterval(POLL_INTERVAL)
                .until(() -> portal.workflowRuns(invitationId),
                        found -> !found.isEmpty() && !"RUNNING".equals(found.get(0).path("status").asText()));
        JsonNode run = runs.get(0);
        say("  workflow    run %s of %s: %s, output %s (workflow-service)", run.path("id").asText(),
                run.path("workflowId").asText(), run.path("status").asText(), run.path("output"));

        // notification-service reports the delivery back to invitation-service over Kafka.
        JsonNode invitation = await("the delivery report of invitation " + invitationId).atMost(deadline)
                .pollInterval(POLL_INTERVAL)
                .until(() -> portal.invitation(invitationId), found -> !"PENDING".equals(
                        found.path("invitedContacts").path(0).path("deliveryStatus").asText()));
        say("  invitation  status %s, %d of %d redeemed, redeemed by %s, email %s",
                invitation.path("status").asText(), invitation.path("redemptionCount").asInt(),
                invitation.path("maxRedemptions").asInt(),
                invitation.path("redeemedContacts").path(0).path("fullName").asText("nobody"),
                invitation.path("invitedContacts").path(0).path("deliveryStatus").asText());

        Map<String, List<ReceivedMail>> otherAddresses = new LinkedHashMap<>();
        for (String field : List.of("emailAddress2", "emailAddress3")) {
            String address = setup.invitee().path(field).asText();
            otherAddresses.put(address, mailbox.messagesTo(address));
        }
        say("  mailbox     %s", otherAddresses.entrySet().stream()
                .map(entry -> entry.getValue().size() + " email(s) to " + entry.getKey()).toList());
        return new Outcome(setup, created, receipt, email, redemption, access, activities, runs, invitation,
                otherAddresses);
    }

    private Setup setUp(String tag) {
        say("Step 1: the operator sets up what a redemption grants");
        JsonNode partner = portal.createWebRole("Partner " + tag, "Sees the partner area of the portal");
        JsonNode orders = portal.createWebRole("Order viewer " + tag, "Reads the account's orders");
        say("  web roles   %s %s, %s %s (redemption-service)", partner.path("name").asText(), id(partner),
                orders.path("name").asText(), id(orders));
        JsonNode account = portal.createAccount("Contoso " + tag);
        say("  account     %s %s (redemption-service)", account.path("name").asText(), id(account));
        JsonNode workflow = portal.registerWorkflow(WORKFLOW_ID, welcomeWorkflow());
        say("  workflow    %s version %d (workflow-service)", workflow.path("id").asText(),
                workflow.path("version").asInt());
        JsonNode invitee = portal.createContact(new ContactDraft("Ada Lovelace " + tag, "ada." + tag + "@example.com",
                "ada.home." + tag + "@example.net", "ada.alt." + tag + "@example.org", "en"));
        JsonNode inviter = portal.createContact(new ContactDraft("Grace Hopper " + tag,
                "grace." + tag + "@example.com", null, null, "en"));
        say("  contacts    %s %s (primary %s, secondary %s, alternate %s), inviter %s (invitation-service)",
                invitee.path("fullName").asText(), id(invitee), invitee.path("emailAddress1").asText(),
                invitee.path("emailAddress2").asText(), invitee.path("emailAddress3").asText(),
                inviter.path("fullName").asText());
        return new Setup(account, partner, orders, workflow, invitee, inviter);
    }

    /** The Serverless Workflow document the walkthrough registers. */
    public static String welcomeWorkflow() {
        try (InputStream in = SingleInvitationWalkthrough.class.getResourceAsStream(WORKFLOW_ID + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException(WORKFLOW_ID + ".yaml is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static UUID id(JsonNode resource) {
        return UUID.fromString(resource.path("id").asText());
    }

    private static List<String> names(JsonNode roles) {
        return StreamSupport.stream(roles.spliterator(), false).map(role -> role.path("name").asText()).toList();
    }

    private static List<String> outcomes(JsonNode roles) {
        return StreamSupport.stream(roles.spliterator(), false)
                .map(role -> role.path("name").asText() + " " + role.path("outcome").asText()).toList();
    }

    private void say(String format, Object... arguments) {
        narrator.accept(arguments.length == 0 ? format : String.format(format, arguments));
    }
}
