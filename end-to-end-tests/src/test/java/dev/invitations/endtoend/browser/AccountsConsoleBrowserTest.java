package dev.invitations.endtoend.browser;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.endtoend.RunningPortal;
import dev.invitations.localinfra.system.LocalSystem;
import dev.invitations.localinfra.system.LocalSystem.Service;
import dev.invitations.portalclient.Tags;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's Accounts and Web roles in Chromium against the whole system: what an accounts-admin creates there is
 * what the invitation form then offers. Screenshots named {@code console-16-*} and {@code console-17-*}.
 */
@ExtendWith(RunningPortal.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsConsoleBrowserTest {

    /** The realm's dev login with invitations-operator and accounts-admin (deploy/keycloak/portal-realm.json). */
    private static final String OPERATOR = "operator";

    private URI console;

    @BeforeAll
    void setUp(LocalSystem system) {
        this.console = system.service(Service.PORTAL_WEB).baseUrl().resolve("/console");
    }

    @Test
    void operatorCreatesAnAccountAndAWebRoleAndTheInvitationFormOffersBoth() {
        String tag = Tags.next();
        String account = "Console Account " + tag;
        String webRole = "Console Role " + tag;
        try (Browser browser = Browser.start("en")) {
            browser.open(console.resolve("/console/accounts/new"));
            browser.signInAtKeycloak(OPERATOR, OPERATOR, console);
            browser.await("#name");
            browser.type("#name", account);
            browser.clickAndLeave("#save-account");
            browser.await("#created");
            browser.screenshot("console-16-accounts");
            assertTrue(browser.text("#accounts").contains(account), browser.text("#accounts"));

            browser.click("#nav-web-roles");
            browser.await("#new-web-role");
            browser.clickAndLeave("#new-web-role");
            browser.await("#description");
            browser.type("#name", webRole);
            browser.type("#description", "Created in the console's browser test");
            browser.clickAndLeave("#save-web-role");
            browser.await("#created");
            browser.screenshot("console-17-web-roles");
            assertTrue(browser.text("#web-roles").contains(webRole), browser.text("#web-roles"));

            browser.open(console.resolve("/console/invitations/new"));
            browser.await("#accountId");
            assertAll(
                    () -> assertTrue(browser.text("#accountId").contains(account), browser.text("#accountId")),
                    () -> assertTrue(browser.text("#webRoles").contains(webRole), browser.text("#webRoles")),
                    () -> assertTrue(browser.has("#new-account") && browser.has("#new-web-role"), "the pickers offer to create more"));
        }
    }
}
