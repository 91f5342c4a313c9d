package dev.invitations.endtoend.browser;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.invitations.portalclient.Tags;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The invitee's journey of the seed in a real browser against the whole system: the email's link opens the Invite
 * Redemption Page in Chromium, the person signs in or registers at Keycloak's own pages, accepts, and sees what they
 * were granted; and every reason not to is a page with its own status. Each test saves screenshots of the pages it
 * passes (docs/screenshots in the README come from here).
 */
@ExtendWith(RunningPortal.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedemptionPageBrowserTest {

    private static final Owner OWNER = new Owner("Olivia Operator", "operator@example.org");
    /** The link of Keycloak's "verify your email" message. */
    private static final Pattern VERIFICATION_LINK = Pattern.compile("https?://\\S+/login-actions/action-token\\S+");

    private PortalClient portal;
    private Mailbox mailbox;
    private URI page;
    private UUID accountId;
    private String accountName;
    private UUID webRoleId;
    private String webRoleName;
    private UUID inviterId;

    @BeforeAll
    void setUpWhatInvitationsGrant(PortalClient portal, Mailbox mailbox, LocalSystem system) {
        this.portal = portal;
        this.mailbox = mailbox;
        this.page = LocalSystem.redemptionPage(system.service(Service.PORTAL_WEB).baseUrl().getPort());
        String tag = Tags.next();
        accountName = "Contoso " + tag;
        accountId = id(portal.createAccount(accountName));
        webRoleName = "Partner Portal " + tag;
        webRoleId = id(portal.createWebRole(webRoleName, "Partners' pages"));
        inviterId = id(portal.createContact(new ContactDraft("Ingrid Inviter", "ingrid-" + tag + "@example.org", null, null, "en")));
    }

    @Test
    void theInviteeOpensTheEmailedLinkSignsInAcceptsAndSeesWhatTheyWereGranted() {
        Person invitee = person("Ada Invitee");
        JsonNode invitation = portal.createInvitation(InvitationDraft.single("Partner programme " + Tags.next(), OWNER, invitee.contactId())
                .invitedBy(inviterId).assigningAccount(accountId).grantingWebRoles(webRoleId)
                .expiringAt(Instant.now().plusSeconds(7 * 24 * 3600)));
        portal.send(id(invitation));
        URI link = InvitationEmail.of(mailbox.awaitMessagesTo(invitee.email(), 1, RunningPortal.DEADLINE).get(0)).link();

        try (Browser browser = Browser.start("en")) {
            browser.open(link);
            browser.await("#invitation-name");
            assertAll(
                    () -> assertEquals(200, browser.status()),
                    () -> assertEquals(page, browser.address(), "the code left the address at once"),
                    () -> assertEquals(invitation.path("name").asText(), browser.text("#invitation-name")),
                    () -> assertEquals("Ingrid Inviter", browser.text("#inviter")),
                    () -> assertEquals(OWNER.name(), browser.text("#owner")),
                    () -> assertTrue(browser.text("#grants").contains(accountName), browser.text("#grants")),
                    () -> assertTrue(browser.text("#grants").contains(webRoleName), browser.text("#grants")));
            browser.screenshot("redeem-1-invitation");

            browser.click("#sign-in");
            signInAtTheIdentityProvider(browser, invitee, "redeem-2-sign-in");
            browser.await("#accept");
            browser.screenshot("redeem-3-signed-in");
            assertEquals(0, portal.invitation(id(invitation)).path("redemptionCount").asInt(), "signing in redeems nothing");

            browser.click("#accept");
            browser.await("#redeemed[data-applied='true']");
            String access = browser.text("#access");
            browser.screenshot("redeem-4-accepted");
            assertAll(
                    () -> assertTrue(access.contains(accountName), access),
                    () -> assertTrue(access.contains(webRoleName), access),
                    () -> assertEquals(1, portal.invitation(id(invitation)).path("redemptionCount").asInt()),
                    () -> assertEquals(accountId.toString(),
                            portal.contactAccess(invitee.contactId()).path("parentAccountId").asText()));
        }
    }

    /** Mail gateways' scanners and people's second clicks follow links: only the Accept form's POST redeems. */
    @Test
    void openingTheLinkAnyNumberOfTimesRedeemsNothing() throws Exception {
        Person invitee = person("Scanned Link");
        JsonNode invitation = portal.createInvitation(InvitationDraft.single("Scanned " + Tags.next(), OWNER, invitee.contactId()));
        URI link = link(invitation.path("code").asText());
        HttpClient scanner = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .cookieHandler(new java.net.CookieManager()).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = scanner.send(HttpRequest.newBuilder(link).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertTrue(answer.body().contains(invitation.path("name").asText()));
        }
        try (Browser browser = Browser.start("en")) {
            for (int i = 0; i < 3; i++) {
                browser.open(link);
                browser.await("#invitation-name");
            }
            browser.click("#sign-in");
            signInAtTheIdentityProvider(browser, invitee, null);
            browser.await("#accept");
            browser.open(link);
            browser.await("#accept");
        }
        JsonNode after = portal.invitation(id(invitation));
        assertAll(
                () -> assertEquals(0, after.path("redemptionCount").asInt()),
                () -> assertEquals("CREATED", after.path("status").asText()),
                () -> assertEquals(List.of(), portal.redemptionActivities(id(invitation))));
    }

    @Test
    void aCodeTypedByHandIsReadWhateverItsCaseDashesAndLookalikeLetters() {
        JsonNode invitation = portal.createInvitation(InvitationDraft.group("Typed " + Tags.next(), OWNER,
                List.of(person("Typed Code").contactId()), 5));
        String code = invitation.path("code").asText();
        StringBuilder typed = new StringBuilder();
        for (int i = 0; i < code.length(); i++) {
            typed.append(i > 0 && i % 4 == 0 ? "-" : "").append(code.charAt(i));
        }
        String sloppy = typed.toString().toLowerCase().replace('0', 'o').replace('1', 'l');

        try (Browser browser = Browser.start("en")) {
            browser.open(page);
            browser.await("#code");
            browser.screenshot("redeem-enter-code");
            browser.click("form.code-form button");
            browser.await("#code-error");
            assertEquals(400, browser.status(), "an empty code is refused with 400");
            browser.type("#code", sloppy);
            browser.click("form.code-form button");
            browser.await("#invitation-name");
            assertEquals(invitation.path("name").asText(), browser.text("#invitation-name"));
        }
    }

    @Test
    void theLinkOpensThePageInTheContactsLanguageAndTheBrowsersOtherwise() {
        JsonNode invitation = portal.createInvitation(InvitationDraft.group("Sprachen " + Tags.next(), OWNER,
                List.of(person("Lena Sprache").contactId()), 5).assigningAccount(accountId));
        try (Browser english = Browser.start("en")) {
            english.open(URI.create(link(invitation.path("code").asText()) + "&lang=de"));
            english.await("#invitation-name");
            assertEquals("de", english.find("html").getAttribute("lang"));
            assertTrue(english.text("h1").contains("eingeladen"), english.text("h1"));
            english.screenshot("redeem-invitation-de");
        }
        try (Browser german = Browser.start("de")) {
            german.open(link(invitation.path("code").asText()));
            german.await("#invitation-name");
            assertEquals("de", german.find("html").getAttribute("lang"), "Accept-Language: de");
        }
    }

    @Test
    void anUnknownCodeIsAPageThatSaysSo() {
        assertRefusalPage(link("0123456789ABCDEFGHJKMNPQRSTVWXYZ"), "unknown-code", 404, "redeem-refused-unknown-code");
    }

    @Test
    void aRevokedInvitationIsAPageThatSaysSo() {
        JsonNode invitation = portal.createInvitation(InvitationDraft.single("Revoked " + Tags.next(), OWNER, person("Rev Oked").contactId()));
        portal.revoke(id(invitation));
        assertRefusalPage(link(invitation.path("code").asText()), "revoked", 410, "redeem-refused-revoked");
    }

    @Test
    void anExpiredInvitationIsAPageThatSaysSoWithTheDate() throws InterruptedException {
        JsonNode invitation = portal.createInvitation(InvitationDraft.single("Expired " + Tags.next(), OWNER, person("Ex Pired").contactId())
                .expiringAt(Instant.now().plusSeconds(2)));
        Thread.sleep(2500);
        String text = assertRefusalPage(link(invitation.path("code").asText()), "expired", 410, "redeem-refused-expired");
        assertTrue(text.contains(String.valueOf(java.time.Year.now().getValue())), "the page says when it expired: " + text);
    }

    @Test
    void aSingleInvitationAlreadyRedeemedIsAPageThatSaysSo() {
        Person invitee = person("Al Ready");
        JsonNode invitation = portal.createInvitation(InvitationDraft.single("Used " + Tags.next(), OWNER, invitee.contactId()));
        portal.redeem(invitation.path("code").asText(), invitee.contactId()).expect(200);
        assertRefusalPage(link(invitation.path("code").asText()), "already-used", 409, "redeem-refused-already-used");
    }

    @Test
    void aGroupInvitationAtItsMaximumIsAPageThatSaysSo() {
        Person first = person("First Comer");
        JsonNode invitation = portal.createInvitation(InvitationDraft.group("Full " + Tags.next(), OWNER, List.of(first.contactId()), 1));
        portal.redeem(invitation.path("code").asText(), first.contactId()).expect(200);
        assertRefusalPage(link(invitation.path("code").asText()), "maximum-reached", 409, "redeem-refused-maximum-reached");
    }

    /** Signed in with another email than the invited contact's: the page says who is signed in and offers to sign out. */
    @Test
    void aSingleInvitationAcceptedByAnotherPersonIsAPageThatSaysSo() {
        Person invitee = person("Meant For");
        Person someoneElse = person("Some One Else");
        JsonNode invitation = portal.createInvitation(InvitationDraft.single("Personal " + Tags.next(), OWNER, invitee.contactId()));
        try (Browser browser = Browser.start("en")) {
            String text = acceptAs(browser, someoneElse, link(invitation.path("code").asText()), "for-another-person", 403,
                    "redeem-refused-another-person");
            assertTrue(text.contains(someoneElse.email()), text);
            assertTrue(browser.has("#sign-out"), "signing in as the right person is offered");
        }
        assertEquals(0, portal.invitation(id(invitation)).path("redemptionCount").asInt());
    }

    /** Signed in with an address the invitation was not sent to, and that is no contact's: the page says so. */
    @Test
    void aSingleInvitationAcceptedWithAnotherEmailAddressIsAPageThatSaysSo() {
        Person invitee = person("Right Address");
        String tag = Tags.next();
        Person wrongAddress = new Person(null, "Wrong Address", "wrong-" + tag + "@example.org");
        portal.logins().portalUser(wrongAddress.email(), wrongAddress.name());
        JsonNode invitation = portal.createInvitation(InvitationDraft.single("Addressed " + tag, OWNER, invitee.contactId()));
        try (Browser browser = Browser.start("en")) {
            String text = acceptAs(browser, wrongAddress, link(invitation.path("code").asText()), "email-does-not-match", 403,
                    "redeem-refused-email-does-not-match");
            assertTrue(text.contains(wrongAddress.email()), text);
        }
        assertEquals(0, portal.invitation(id(invitation)).path("redemptionCount").asInt());
    }

    /**
     * "Create an account" opens the identity provider's registration form; the realm then verifies the address by
     * email (the link arrives in the local mailbox), and the person comes back to the page signed in and accepts. A
     * GROUP invitation takes anyone with a verified address: the registrant becomes a contact as they redeem.
     */
    @Test
    void aNewPersonRegistersVerifiesTheirAddressComesBackAndAccepts() {
        String tag = Tags.next();
        String email = "nina-" + tag + "@example.org";
        JsonNode invitation = portal.createInvitation(InvitationDraft.group("Community " + tag, OWNER,
                List.of(person("Com Munity").contactId()), 10).grantingWebRoles(webRoleId));
        try (Browser browser = Browser.start("en")) {
            browser.open(link(invitation.path("code").asText()));
            browser.click("#register");
            browser.await("#kc-register-form");
            browser.type("#username", "nina-" + tag);
            browser.type("#email", email);
            browser.type("#firstName", "Nina");
            browser.type("#lastName", "Newcomer");
            browser.screenshot("redeem-register");
            browser.click("#kc-register-form [type=submit]");

            // The realm's registration asks for no password: it verifies the address first, then has one chosen.
            ReceivedMail verification = mailbox.awaitMessagesTo(email, 1, RunningPortal.DEADLINE).get(0);
            Matcher link = VERIFICATION_LINK.matcher(verification.text());
            assertTrue(link.find(), "the realm emails a verification link: " + verification.text());
            browser.open(URI.create(link.group()));
            browser.type("#password-new", "Newcomer-" + tag);
            browser.type("#password-confirm", "Newcomer-" + tag);
            browser.click("#kc-passwd-update-form [type=submit]");
            browser.await("#accept");
            assertTrue(browser.text("header").contains("Nina Newcomer"), browser.text("header"));

            browser.click("#accept");
            browser.await("#redeemed[data-applied='true']");
            assertTrue(browser.text("#access").contains(webRoleName), browser.text("#access"));
        }
        assertEquals(1, portal.invitation(id(invitation)).path("redemptionCount").asInt());
    }

    /** Opens the page, signs in as {@code person}, accepts, and expects the refusal page; returns its text. */
    private String acceptAs(Browser browser, Person person, URI link, String reason, int status, String screenshot) {
        browser.open(link);
        browser.click("#sign-in");
        signInAtTheIdentityProvider(browser, person, null);
        browser.click("#accept");
        browser.await("#refusal[data-reason='" + reason + "']");
        int shown = browser.status();
        browser.screenshot(screenshot);
        assertEquals(status, shown);
        return browser.text("#refusal");
    }

    private String assertRefusalPage(URI link, String reason, int status, String screenshot) {
        try (Browser browser = Browser.start("en")) {
            browser.open(link);
            browser.await("#refusal[data-reason='" + reason + "']");
            int shown = browser.status();
            browser.screenshot(screenshot);
            assertEquals(status, shown, "the page's HTTP status");
            assertFalse(browser.address().toString().contains("code="), "the code left the address");
            return browser.text("#refusal");
        }
    }

    private void signInAtTheIdentityProvider(Browser browser, Person person, String screenshot) {
        browser.await("#username");
        if (screenshot != null) {
            browser.screenshot(screenshot);
        }
        browser.type("#username", person.email());
        browser.type("#password", portal.logins().portalUserPassword());
        browser.click("#kc-login");
        browser.awaitHost(page);
    }

    /** A contact with a portal login of the same verified address, as after their first sign-in. */
    private Person person(String name) {
        String email = name.toLowerCase().replace(' ', '.') + "-" + Tags.next() + "@example.org";
        UUID contactId = id(portal.createContact(new ContactDraft(name, email, null, null, "en")));
        portal.logins().portalUser(email, name);
        return new Person(contactId, name, email);
    }

    private URI link(String code) {
        return URI.create(page + "?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8));
    }

    private static UUID id(JsonNode created) {
        return UUID.fromString(created.path("id").asText());
    }

    private record Person(UUID contactId, String name, String email) {
    }
}
