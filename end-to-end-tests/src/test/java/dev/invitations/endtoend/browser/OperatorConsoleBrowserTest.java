package dev.invitations.endtoend.browser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.endtoend.RunningPortal;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import dev.invitations.localinfra.system.LocalSystem;
import dev.invitations.localinfra.system.LocalSystem.Service;
import dev.invitations.portalclient.InvitationEmail;
import dev.invitations.portalclient.PortalClient;
import dev.invitations.portalclient.PortalClient.ContactDraft;
import dev.invitations.portalclient.PortalClient.InvitationDraft;
import dev.invitations.portalclient.PortalClient.Owner;
import dev.invitations.portalclient.PortalClient.TemplateDraft;
import dev.invitations.portalclient.Tags;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * The seed's Portal Management procedures in the operator console, in Chromium against the whole system: the operator
 * signs in at Keycloak's own login page, creates a contact, an invitation for it and sends it, and the email arrives;
 * selects three invitations and sends them at once; sees a refused field's message next to it. A template editor is
 * refused the invitations, and deactivates a template (an email sent meanwhile is held, and counted on the page), edits,
 * previews and activates it, and the held email and the next one use the edit. The send's progress page, the Invite
 * Redemption Activities on an invitation's page and finding a contact by name are checked on the way. A workflow editor
 * uploads a workflow document with a mistake, corrects it at the line shown and registers it. Screenshots named
 * {@code console-*}.
 */
@ExtendWith(RunningPortal.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorConsoleBrowserTest {

    /** The realm's dev logins (deploy/keycloak/portal-realm.json); the password is the user name. */
    private static final String OPERATOR = "operator";
    private static final String TEMPLATE_EDITOR = "template-editor";
    private static final String WORKFLOW_EDITOR = "workflow-editor";

    private PortalClient portal;
    private Mailbox mailbox;
    private URI console;

    @BeforeAll
    void setUp(PortalClient portal, Mailbox mailbox, LocalSystem system) {
        this.portal = portal;
        this.mailbox = mailbox;
        this.console = system.service(Service.PORTAL_WEB).baseUrl().resolve("/console");
    }

    @Test
    void operatorCreatesAContactInvitesItAndSendsTheInvitation() {
        String tag = Tags.next();
        String email = "console-single-" + tag + "@example.org";
        try (Browser browser = Browser.start("en")) {
            browser.open(console.resolve("/console/contacts/new"));
            signIn(browser, OPERATOR, "console-1-sign-in");
            browser.await("#fullName");
            browser.type("#fullName", "Ada Console " + tag);
            browser.type("#emailAddress1", email);
            browser.type("#locale", "en");
            browser.screenshot("console-2-new-contact");
            browser.clickAndLeave("#save-contact");
            browser.await("#saved");

            browser.clickAndLeave("#create-invitation");
            browser.await("#name");
            assertEquals(email, browser.find("#invitedEmails").getAttribute("value"), "the form names the contact it was started from");
            browser.type("#name", "Partner programme " + tag);
            browser.screenshot("console-3-invitation-form");
            browser.clickAndLeave("#save-invitation");
            browser.await("#created");
            browser.screenshot("console-4-invitation");
            assertEquals("CREATED", browser.text("#status"));
            UUID invitation = UUID.fromString(browser.address().getPath().substring("/console/invitations/".length()));

            browser.clickAndLeave("#send");
            browser.await("#confirm-summary");
            assertTrue(browser.text("#confirm-summary").startsWith("Invitations to send: 1. Emails: 1,"), browser.text("#confirm-summary"));
            browser.screenshot("console-5-confirm-send");
            browser.clickAndLeave("#confirm-send");
            browser.await("#sent-summary");
            browser.screenshot("console-6-sent");
            assertEquals("Invitations sent: 1. Emails on their way: 1.", browser.text("#sent-summary"));

            List<ReceivedMail> mails = mailbox.awaitMessagesTo(email, 1, RunningPortal.DEADLINE);
            InvitationEmail invitationEmail = InvitationEmail.of(mails.get(0));
            assertTrue(invitationEmail.link().toString().contains("code="));

            // The contact redeems (as the Invite Redemption Page would); its activity shows on the invitation's page.
            UUID contact = UUID.fromString(portal.invitation(invitation).path("invitedContacts").get(0).path("contactId").asText());
            portal.redeem(invitationEmail.code(), contact).expect(200);
            await().atMost(RunningPortal.DEADLINE).until(() -> portal.redemptionActivities(invitation), found -> !found.isEmpty());
            browser.open(console.resolve("/console/invitations/" + invitation));
            browser.scrollTo("#activities-title");
            browser.screenshot("console-19-activities");
            assertTrue(browser.text("#activities").contains("Ada Console " + tag), browser.text("#activities"));

            // Found again by part of the name, in another case.
            browser.open(console.resolve("/console/contacts"));
            browser.type("#q", "ada CONSOLE " + tag);
            browser.clickAndLeave("#search-contacts");
            browser.await("#contacts");
            assertTrue(browser.text("#contacts").contains("Ada Console " + tag), browser.text("#contacts"));
        }
    }

    @Test
    void operatorSelectsThreeInvitationsAndSendsThemAtOnce() {
        String tag = Tags.next();
        List<String> addresses = new ArrayList<>();
        List<UUID> invitations = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String email = "console-bulk-" + i + "-" + tag + "@example.org";
            addresses.add(email);
            UUID contact = id(portal.createContact(new ContactDraft("Bulk " + i + " " + tag, email, null, null, "en")));
            invitations.add(id(portal.createInvitation(InvitationDraft.single("Bulk " + i + " " + tag,
                    new Owner("Olivia Operator", "operator@example.org"), contact))));
        }
        try (Browser browser = Browser.start("en")) {
            browser.open(console.resolve("/console/invitations?status=CREATED"));
            signIn(browser, OPERATOR, null);
            browser.await("#invitations");
            invitations.forEach(invitation -> browser.click("#select-" + invitation));
            browser.screenshot("console-7-invitations-selected");
            browser.clickAndLeave("#send-selected");
            browser.await("#confirm-summary");
            assertTrue(browser.text("#confirm-summary").startsWith("Invitations to send: 3. Emails: 3,"), browser.text("#confirm-summary"));
            browser.screenshot("console-8-confirm-three");
            browser.clickAndLeave("#confirm-send");
            browser.await("#sent-summary");
            assertEquals("Invitations sent: 3. Emails on their way: 3.", browser.text("#sent-summary"));
            // The progress page reloads itself until every email is sent or failed.
            browser.clickAndLeave("#follow-progress");
            browser.await("#progress-done");
            browser.screenshot("console-18-progress");
            assertAll(
                    () -> assertEquals("3", browser.text("#progress-sent")),
                    () -> assertEquals("0", browser.text("#progress-failed")));
        }
        assertAll(addresses.stream().map(address -> (Executable) () -> assertEquals(1, mailbox.awaitMessagesTo(address, 1, RunningPortal.DEADLINE).size())));
    }

    @Test
    void aFieldTheServiceRefusesShowsItsMessageNextToItAndKeepsWhatWasTyped() {
        String tag = Tags.next();
        String email = "console-refused-" + tag + "@example.org";
        try (Browser browser = onTheNewInvitationForm("Refused " + tag, email)) {
            browser.type("#name", "Refused " + tag);
            browser.type("#ownerEmail", "not-an-address");
            browser.type("#invitedEmails", email);
            browser.clickAndLeave("#save-invitation");
            browser.await("#ownerEmail-error");
            int status = browser.status();
            browser.screenshot("console-9-field-error");
            assertAll(
                    () -> assertEquals(400, status),
                    () -> assertEquals("true", browser.find("#ownerEmail").getAttribute("aria-invalid")),
                    () -> assertTrue(browser.find("#ownerEmail").getAttribute("aria-describedby").contains("ownerEmail-error")),
                    () -> assertEquals("Refused " + tag, browser.find("#name").getAttribute("value")),
                    () -> assertEquals("not-an-address", browser.find("#ownerEmail").getAttribute("value")));
        }
    }

    @Test
    void remindersAndAllowedEmailDomainsTypedInTheFormAreWhatTheInvitationKeeps() {
        String tag = Tags.next();
        String email = "console-rules-" + tag + "@example.org";
        try (Browser browser = onTheNewInvitationForm("Rules " + tag, email)) {
            browser.type("#name", "Partners only " + tag);
            browser.click("#type-group");
            browser.type("#invitedEmails", email);
            browser.type("#reminderAfterDays", "7");
            browser.type("#maxReminders", "2");
            browser.type("#allowedEmailDomains", "example.org\ncontoso_com");
            browser.clickAndLeave("#save-invitation");
            browser.await("#allowedEmailDomains-error");
            int status = browser.status();
            assertAll(
                    () -> assertEquals(400, status),
                    () -> assertEquals("must be a domain name such as example.org", browser.text("#allowedEmailDomains-error")),
                    () -> assertEquals("7", browser.find("#reminderAfterDays").getAttribute("value")),
                    () -> assertEquals("2", browser.find("#maxReminders").getAttribute("value")));

            browser.type("#allowedEmailDomains", "example.org\ncontoso.com");
            browser.clickAndLeave("#save-invitation");
            browser.await("#created");
            browser.scrollTo("#reminders");
            browser.screenshot("console-20-invitation-rules");
            assertAll(
                    () -> assertEquals("GROUP", browser.text("#type")),
                    () -> assertEquals("Every 7 day(s), at most 2 time(s)", browser.text("#reminders")),
                    () -> assertEquals("example.org, contoso.com", browser.text("#allowed-email-domains")));
        }
    }

    @Test
    void aTemplateEditorIsRefusedTheInvitationsWithAPageThatSaysWhy() {
        try (Browser browser = Browser.start("en")) {
            browser.open(console.resolve("/console/invitations"));
            signIn(browser, TEMPLATE_EDITOR, null);
            browser.await("#problem");
            int status = browser.status();
            browser.screenshot("console-10-forbidden");
            assertAll(
                    () -> assertEquals(403, status),
                    () -> assertTrue(browser.text("#problem").contains("invitations-operator"), browser.text("#problem")),
                    () -> assertTrue(!browser.has("#nav-invitations"), "the navigation offers the invitations"));
        }
    }

    @Test
    void templateEditorDeactivatesEditsPreviewsAndActivatesAndTheNextEmailUsesIt() {
        String tag = Tags.next();
        String key = "console-" + tag;
        portal.saveTemplate(key, new TemplateDraft("Welcome, {recipient.name}",
                "<p>Hello {recipient.name}, <a href=\"{redemptionUrl}\">join</a> (code {invitation.code})</p>",
                "Hello {recipient.name}, join: {redemptionUrl} (code {invitation.code})", null, null)).expect(201);
        portal.activateTemplate(key);
        String heldEmail = "console-held-" + tag + "@example.org";
        String heldName = "Held " + tag;
        try (Browser browser = Browser.start("en")) {
            browser.open(console.resolve("/console/templates/" + key));
            signIn(browser, TEMPLATE_EDITOR, null);
            browser.await("#deactivate");
            browser.screenshot("console-11-template-active");
            browser.clickAndLeave("#deactivate");
            browser.await("#activate");
            portal.send(id(portal.createInvitation(InvitationDraft.single(heldName, new Owner("Olivia Operator", "operator@example.org"),
                    id(portal.createContact(new ContactDraft("Held " + tag, heldEmail, null, null, "en")))).mailedWith(key))));
            await().atMost(RunningPortal.DEADLINE).until(() -> {
                browser.open(console.resolve("/console/templates/" + key));
                return browser.has("#held") && browser.find("#held").getAttribute("data-count").equals("1");
            });
            browser.type("#subject", "Console edited: {invitation.name}");
            browser.clickAndLeave("#save-template");
            browser.await("#activate");
            assertEquals("false", browser.find("#state").getAttribute("data-active"));
            browser.clickAndLeave("#preview");
            browser.await("#preview-subject");
            assertTrue(browser.text("#preview-subject").startsWith("Console edited: "), browser.text("#preview-subject"));
            browser.screenshot("console-12-template-preview");
            browser.clickAndLeave("#activate");
            browser.await("#activated");
            browser.screenshot("console-13-template-activated");
            assertAll(
                    () -> assertEquals("true", browser.find("#state").getAttribute("data-active")),
                    () -> assertEquals("Activated. Held emails released: 1.", browser.text("#activated")),
                    () -> assertTrue(browser.has("#version-2[aria-current]"), "the edit is version 2, in use"),
                    () -> assertTrue(browser.has("#version-1"), "version 1 stays in the history"));
        }
        assertEquals("Console edited: " + heldName, mailbox.awaitMessagesTo(heldEmail, 1, RunningPortal.DEADLINE).get(0).subject(),
                "the email held while the template was inactive went out with the edit");
        String email = "console-template-" + tag + "@example.org";
        UUID contact = id(portal.createContact(new ContactDraft("Template " + tag, email, null, null, "en")));
        String name = "Templated " + tag;
        portal.send(id(portal.createInvitation(InvitationDraft.single(name, new Owner("Olivia Operator", "operator@example.org"), contact)
                .mailedWith(key))));
        assertEquals("Console edited: " + name, mailbox.awaitMessagesTo(email, 1, RunningPortal.DEADLINE).get(0).subject());
    }

    @Test
    void workflowEditorUploadsADocumentWithAMistakeSeesItsLineFixesItAndTheWorkflowIsActive() throws IOException {
        String id = "console-" + Tags.next();
        String document = """
                document:
                  dsl: '1.0.0'
                  namespace: console-tests
                  name: %s
                  version: '1.0.0'
                do:
                  - greet:
                      set:
                        greeted: ${ .contact.fullName }
                """.formatted(id);
        Path misindented = Files.createTempFile("workflow-", ".yaml");
        Files.writeString(misindented, document.replace("\ndo:", "\n do:"));
        try (Browser browser = Browser.start("en")) {
            browser.open(console.resolve("/console/workflows/new"));
            signIn(browser, WORKFLOW_EDITOR, null);
            browser.await("#id");
            browser.type("#id", id);
            browser.upload("#file", misindented);
            browser.clickAndLeave("#register-workflow");
            browser.await("#document-error");
            int status = browser.status();
            browser.screenshot("console-14-workflow-error");
            assertAll(
                    () -> assertEquals(400, status),
                    () -> assertTrue(browser.text("#document-error").startsWith("line 6: Not valid YAML"), browser.text("#document-error")),
                    () -> assertEquals("true", browser.find("#document").getAttribute("aria-invalid")),
                    () -> assertEquals(id, browser.find("#id").getAttribute("value")),
                    () -> assertTrue(browser.find("#document").getAttribute("value").contains("\n do:"), "the uploaded text is there to correct"));

            browser.type("#document", document);
            browser.clickAndLeave("#register-workflow");
            browser.await("#notice");
            browser.screenshot("console-15-workflow");
            assertEquals("true", browser.find("#state").getAttribute("data-active"));
            browser.clickAndLeave("#nav-workflows");
            browser.await("#workflows");
            assertEquals("Active", browser.text("#state-" + id));
        } finally {
            Files.delete(misindented);
        }
    }

    /** A browser signed in as the operator on an empty invitation form, and a new contact at {@code email} to invite. */
    private Browser onTheNewInvitationForm(String contactName, String email) {
        portal.createContact(new ContactDraft(contactName, email, null, null, "en"));
        Browser browser = Browser.start("en");
        try {
            browser.open(console.resolve("/console/invitations/new"));
            signIn(browser, OPERATOR, null);
            browser.await("#name");
            return browser;
        } catch (RuntimeException | Error failed) {
            browser.close();
            throw failed;
        }
    }

    /** At Keycloak's own login page; the dev logins' password is their name. */
    private void signIn(Browser browser, String login, String screenshot) {
        browser.await("#username");
        if (screenshot != null) {
            browser.screenshot(screenshot);
        }
        browser.signInAtKeycloak(login, login, console);
    }

    private static UUID id(JsonNode created) {
        return UUID.fromString(created.path("id").asText());
    }
}
