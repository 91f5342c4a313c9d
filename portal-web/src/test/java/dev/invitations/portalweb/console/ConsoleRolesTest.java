package dev.invitations.portalweb.console;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.invitations.portalweb.console.Operators.ACCOUNTS_ADMIN;
import static dev.invitations.portalweb.console.Operators.OPERATOR;
import static dev.invitations.portalweb.console.Operators.PORTAL_USER;
import static dev.invitations.portalweb.console.Operators.TEMPLATE_EDITOR;
import static dev.invitations.portalweb.console.Operators.WORKFLOW_EDITOR;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.portalweb.TestIdentityProvider.Person;
import dev.invitations.portalweb.TestIdentityProvider.SignedIn;
import dev.invitations.portalweb.redeem.WireMockBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Which signed-in roles open which console page (the anonymous column is AuthorizationMatrixTest's): the
 * invitations-operator's pages refuse a template editor and a portal user with a page that says why, and such a
 * refusal reaches no service; so do the template editor's, the accounts-admin's and the workflow editor's pages to
 * every other role.
 */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class ConsoleRolesTest {

    private static final List<String> OPERATOR_PAGES = List.of("/console/contacts", "/console/contacts/new",
            "/console/contacts/" + ContactsPageTest.ADA_ID, "/console/invitations", "/console/invitations/new",
            "/console/invitations/" + ContactsPageTest.ADA_ID, "/console/invitations/" + ContactsPageTest.ADA_ID + "/revoke",
            "/console/invitations/progress?since=" + Instant.now() + "&expected=1&id=" + ContactsPageTest.ADA_ID);

    private static final List<String> TEMPLATE_EDITOR_PAGES = List.of("/console/templates", "/console/templates/send-invitation");

    private static final List<String> ACCOUNTS_ADMIN_PAGES = List.of("/console/accounts", "/console/accounts/new", "/console/web-roles",
            "/console/web-roles/new", "/console/web-roles/" + AccountsAndWebRolesPageTest.PARTNER_ID + "/delete");
    private static final List<String> WORKFLOW_EDITOR_PAGES = List.of("/console/workflows", "/console/workflows/new",
            "/console/workflows/" + WorkflowsPageTest.ID, "/console/workflows/" + WorkflowsPageTest.ID + "/versions/1");

    private final Operators operators = new Operators();

    @TestFactory
    Stream<DynamicTest> theOperatorsPagesAreRefusedToOtherRolesWithAPageThatSaysWhy() {
        return Stream.of(TEMPLATE_EDITOR, PORTAL_USER).flatMap(person -> OPERATOR_PAGES.stream()
                .map(page -> DynamicTest.dynamicTest(person.roles() + " " + page, () -> {
                    SignedIn browser = operators.signIn(person, "/console");
                    operators.as(browser).get(page).then().statusCode(403)
                            .body(containsString("This page is not for your role"), containsString("invitations-operator"),
                                    containsString(person.name()));
                    assertEquals(List.of(), operators.serviceCalls());
                })));
    }

    @TestFactory
    Stream<DynamicTest> theTemplatePagesAreRefusedToOtherRoles() {
        return Stream.of(OPERATOR, PORTAL_USER).flatMap(person -> TEMPLATE_EDITOR_PAGES.stream()
                .map(page -> DynamicTest.dynamicTest(person.roles() + " " + page, () -> {
                    SignedIn browser = operators.signIn(person, "/console");
                    operators.as(browser).get(page).then().statusCode(403)
                            .body(containsString("This page is not for your role"), containsString("templates-editor"));
                    assertEquals(List.of(), operators.serviceCalls());
                })));
    }

    /** The invitations-operator too: the role to create accounts and web roles is a separate grant. */
    @TestFactory
    Stream<DynamicTest> theAccountsPagesAreRefusedToOtherRoles() {
        return Stream.of(OPERATOR, TEMPLATE_EDITOR, PORTAL_USER).flatMap(person -> ACCOUNTS_ADMIN_PAGES.stream()
                .map(page -> DynamicTest.dynamicTest(person.roles() + " " + page, () -> {
                    SignedIn browser = operators.signIn(person, "/console");
                    operators.as(browser).get(page).then().statusCode(403)
                            .body(containsString("This page is not for your role"), containsString("accounts-admin"));
                    assertEquals(List.of(), operators.serviceCalls());
                })));
    }

    @TestFactory
    Stream<DynamicTest> anAccountsAdminOpensEachOfTheirPages() {
        return ACCOUNTS_ADMIN_PAGES.stream().map(page -> DynamicTest.dynamicTest(page, () -> {
            SignedIn browser = operators.signIn(ACCOUNTS_ADMIN, "/console");
            operators.wireMock.register(get(urlPathEqualTo("/accounts")).willReturn(okJson("[" + AccountsAndWebRolesPageTest.CONTOSO + "]")));
            operators.wireMock.register(get("/web-roles").willReturn(okJson("[" + AccountsAndWebRolesPageTest.PARTNER + "]")));
            operators.wireMock.register(get("/web-roles/" + AccountsAndWebRolesPageTest.PARTNER_ID)
                    .willReturn(okJson(AccountsAndWebRolesPageTest.PARTNER)));
            operators.as(browser).get(page).then().statusCode(200).body(containsString("id=\"nav-accounts\""),
                    containsString("id=\"nav-web-roles\""));
        }));
    }

    @TestFactory
    Stream<DynamicTest> theWorkflowPagesAreRefusedToOtherRoles() {
        return Stream.of(OPERATOR, TEMPLATE_EDITOR, PORTAL_USER).flatMap(person -> WORKFLOW_EDITOR_PAGES.stream()
                .map(page -> DynamicTest.dynamicTest(person.roles() + " " + page, () -> {
                    SignedIn browser = operators.signIn(person, "/console");
                    operators.as(browser).get(page).then().statusCode(403)
                            .body(containsString("This page is not for your role"), containsString("workflows-editor"));
                    assertEquals(List.of(), operators.serviceCalls());
                })));
    }

    @TestFactory
    Stream<DynamicTest> aWorkflowEditorOpensEachOfTheirPages() {
        return WORKFLOW_EDITOR_PAGES.stream().map(page -> DynamicTest.dynamicTest(page, () -> {
            SignedIn browser = operators.signIn(WORKFLOW_EDITOR, "/console");
            operators.wireMock.register(get("/workflows").willReturn(okJson("[" + WorkflowsPageTest.ACTIVE + "]")));
            operators.wireMock.register(get("/workflows/" + WorkflowsPageTest.ID).willReturn(okJson(WorkflowsPageTest.ACTIVE)));
            operators.wireMock.register(get(urlPathEqualTo("/workflow-runs")).willReturn(okJson("[]")));
            operators.wireMock.register(get("/workflows/" + WorkflowsPageTest.ID + "/versions/1").willReturn(okJson("{}")));
            operators.as(browser).get(page).then().statusCode(200).body(containsString("id=\"nav-workflows\""));
        }));
    }

    @TestFactory
    Stream<DynamicTest> aTemplateEditorOpensEachOfTheirPages() {
        return TEMPLATE_EDITOR_PAGES.stream().map(page -> DynamicTest.dynamicTest(page, () -> {
            SignedIn browser = operators.signIn(TEMPLATE_EDITOR, "/console");
            operators.wireMock.register(get("/templates").willReturn(okJson("[" + TemplatesPageTest.ACTIVE + "]")));
            operators.wireMock.register(get("/templates/send-invitation").willReturn(okJson(TemplatesPageTest.ACTIVE)));
            TemplatesPageTest.historyOfThree(operators);
            operators.as(browser).get(page).then().statusCode(200).body(containsString("id=\"nav-templates\""));
        }));
    }

    @TestFactory
    Stream<DynamicTest> anOperatorOpensEachOfTheirPages() {
        return OPERATOR_PAGES.stream().map(page -> DynamicTest.dynamicTest(page, () -> {
            SignedIn browser = operators.signIn(OPERATOR, "/console");
            answerEveryReadWithAnEmptyRecord();
            operators.as(browser).get(page).then().statusCode(200).body(containsString("id=\"nav-invitations\""));
        }));
    }

    @TestFactory
    Stream<DynamicTest> theStartShowsOnlyTheSectionsOfTheRoles() {
        // invitations, templates, accounts, workflows
        Map<Person, List<Boolean>> seesSections = Map.of(OPERATOR, List.of(true, false, false, false),
                TEMPLATE_EDITOR, List.of(false, true, false, false), ACCOUNTS_ADMIN, List.of(false, false, true, false),
                WORKFLOW_EDITOR, List.of(false, false, false, true), PORTAL_USER, List.of(false, false, false, false));
        return seesSections.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey().roles().toString(), () -> {
            SignedIn browser = operators.signIn(entry.getKey(), "/console");
            String home = operators.as(browser).get("/console").then().statusCode(200).extract().asString();
            boolean invitations = entry.getValue().get(0);
            boolean templates = entry.getValue().get(1);
            boolean accounts = entry.getValue().get(2);
            boolean workflows = entry.getValue().get(3);
            assertEquals(invitations, home.contains("href=\"/console/invitations\""), home);
            assertEquals(templates, home.contains("href=\"/console/templates\""), home);
            assertEquals(accounts, home.contains("href=\"/console/accounts\"") && home.contains("href=\"/console/web-roles\""), home);
            assertEquals(workflows, home.contains("href=\"/console/workflows\""), home);
            assertEquals(!invitations && !templates && !accounts && !workflows, home.contains("id=\"no-sections\""), home);
        }));
    }

    /** Every list empty and every record a bare one: enough for each page to render. */
    private void answerEveryReadWithAnEmptyRecord() {
        operators.wireMock.register(any(anyUrl()).atPriority(10).willReturn(okJson("""
                {"items":[],"page":0,"size":20,"total":0,"id":"%1$s","name":"Partner programme","fullName":"Ada Lovelace",
                 "type":"SINGLE","status":"CREATED","owner":{"name":"O","email":"o@example.org"},"invitedContacts":[],
                 "redeemedContacts":[],"webRoleIds":[],"maxRedemptions":1,"redemptionCount":0}""".formatted(ContactsPageTest.ADA_ID))));
        operators.wireMock.register(get(urlPathEqualTo("/accounts")).willReturn(okJson("[]")));
        operators.wireMock.register(get("/web-roles").willReturn(okJson("[]")));
    }
}
