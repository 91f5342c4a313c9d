package dev.invitations.portalweb.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.invitations.portalweb.console.Operators.TEMPLATE_EDITOR;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.portalweb.TestIdentityProvider.SignedIn;
import dev.invitations.portalweb.redeem.WireMockBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The console's template procedure against a stubbed notification-service: deactivate, edit, preview, activate. */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class TemplatesPageTest {

    static final String ACTIVE = template(true, 3);
    static final String INACTIVE = template(false, 3);
    private static final String PAGE = "/console/templates/send-invitation";

    private final Operators operators = new Operators();

    @Test
    void anActiveTemplateOffersDeactivationAndItsFormCannotBeSent() {
        SignedIn editor = operators.signIn(TEMPLATE_EDITOR, PAGE);
        operators.wireMock.register(get("/templates/send-invitation").willReturn(okJson(ACTIVE)));
        historyOfThree();

        operators.as(editor).get(PAGE).then().statusCode(200)
                .body(containsString("Active: emails are sent with version 3"), containsString("id=\"deactivate\""),
                        containsString("<fieldset disabled>"), containsString("You are invited to {invitation.name}"));
    }

    @Test
    void deactivatingAndActivatingGoToNotificationServiceWithTheEditorsToken() {
        SignedIn editor = operators.signIn(TEMPLATE_EDITOR, PAGE);
        operators.wireMock.register(get("/templates/send-invitation").willReturn(okJson(INACTIVE)));
        historyOfThree();
        operators.wireMock.register(post("/templates/send-invitation/deactivate").willReturn(okJson(INACTIVE)));
        operators.wireMock.register(post("/templates/send-invitation/activate")
                .willReturn(okJson("{\"template\":" + ACTIVE + ",\"releasedDeliveries\":4}")));

        var deactivated = operators.formOf(editor, PAGE).post(PAGE + "/deactivate");
        var activated = operators.formOf(editor, PAGE).post(PAGE + "/activate");

        assertAll(
                () -> assertEquals(303, deactivated.statusCode()),
                () -> assertEquals(303, activated.statusCode()),
                () -> assertEquals(PAGE + "?released=4", URI.create(activated.header("Location")).getPath() + "?"
                        + URI.create(activated.header("Location")).getQuery()),
                () -> operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/templates/send-invitation/deactivate"))
                        .withHeader("Authorization", equalTo("Bearer " + editor.accessToken()))),
                () -> operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/templates/send-invitation/activate"))
                        .withHeader("Authorization", equalTo("Bearer " + editor.accessToken()))));
        operators.as(editor).get(PAGE + "?released=4").then().statusCode(200).body(containsString("Held emails released: 4."));
    }

    @Test
    void anEditTheSandboxRefusesShowsItsLineNextToThePartAndKeepsTheText() {
        SignedIn editor = operators.signIn(TEMPLATE_EDITOR, PAGE);
        operators.wireMock.register(get("/templates/send-invitation").willReturn(okJson(INACTIVE)));
        historyOfThree();
        operators.wireMock.register(put("/templates/send-invitation").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json").withBody("""
                        {"status":400,"detail":"htmlBody: line 1: unknown value inviter.phone",
                         "errors":[{"field":"htmlBody","message":"line 1: unknown value inviter.phone"}]}""")));

        operators.formOf(editor, PAGE).formParam("subject", "Join us").formParam("htmlBody", "<p>{inviter.phone}</p>")
                .formParam("textBody", "Join").formParam("from", "").post(PAGE).then().statusCode(400)
                .body(containsString("<p id=\"htmlBody-error\" class=\"error\">line 1: unknown value inviter.phone</p>"),
                        containsString("&lt;p&gt;{inviter.phone}&lt;/p&gt;</textarea>"), containsString("value=\"Join us\""));
        operators.wireMock.verifyThat(putRequestedFor(urlPathEqualTo("/templates/send-invitation"))
                .withHeader("Authorization", equalTo("Bearer " + editor.accessToken()))
                .withRequestBody(equalToJson("{\"subject\":\"Join us\",\"htmlBody\":\"<p>{inviter.phone}</p>\",\"textBody\":\"Join\"}")));
    }

    @Test
    void thePreviewShowsTheRenderedEmailWithItsHtmlAsTextNotAsMarkup() {
        SignedIn editor = operators.signIn(TEMPLATE_EDITOR, PAGE);
        operators.wireMock.register(get("/templates/send-invitation").willReturn(okJson(INACTIVE)));
        historyOfThree();
        operators.wireMock.register(post("/templates/send-invitation/preview").willReturn(okJson("""
                {"templateVersion":3,"from":"invitations@portal.example","to":"ada@example.org","subject":"You are invited to Partners",
                 "html":"<script>alert(1)</script><p>Hello</p>","text":"Hello","redemptionUrl":"http://localhost:8080/portal/redeem?code=X"}""")));

        operators.formOf(editor, PAGE).post(PAGE + "/preview").then().statusCode(200)
                .body(containsString("Preview of version 3 (nothing was sent)"), containsString("You are invited to Partners"),
                        containsString("&lt;script&gt;alert(1)&lt;/script&gt;"), not(containsString("<script>")));
    }

    @Test
    void anInactiveTemplateShowsItsHeldEmailsAndItsHistoryAndAnEditCanStartFromAnEarlierVersion() {
        SignedIn editor = operators.signIn(TEMPLATE_EDITOR, PAGE);
        operators.wireMock.register(get("/templates/send-invitation").willReturn(okJson(INACTIVE.replace("\"heldEmails\":0", "\"heldEmails\":7"))));
        historyOfThree();

        String page = operators.as(editor).get(PAGE).then().statusCode(200).extract().asString();
        String fromTheFirst = operators.as(editor).get(PAGE + "?from=1").then().statusCode(200).extract().asString();

        assertAll(
                () -> assertTrue(page.contains("<p id=\"held\" data-count=\"7\">Emails held until the template is activated: 7</p>"), page),
                () -> assertTrue(page.contains("<tr id=\"version-3\" aria-current=\"true\">"), page),
                () -> assertTrue(page.contains("Welcome, version 1"), page),
                () -> assertTrue(page.contains("href=\"/console/templates/send-invitation?from=1\""), page),
                () -> assertTrue(page.contains("value=\"You are invited to {invitation.name}\""), "the form starts from the current version"),
                () -> assertTrue(fromTheFirst.contains("value=\"Welcome, version 1\""), "the form starts from version 1"));
    }

    @Test
    void anActiveTemplateWithNothingHeldSaysNothingAboutHeldEmails() {
        SignedIn editor = operators.signIn(TEMPLATE_EDITOR, PAGE);
        operators.wireMock.register(get("/templates/send-invitation").willReturn(okJson(ACTIVE)));
        historyOfThree();

        operators.as(editor).get(PAGE).then().statusCode(200).body(not(containsString("id=\"held\"")), not(containsString("?from=")));
    }

    @Test
    void aKeyNotificationServiceCouldNotHaveIsNotFoundWithoutAsking() {
        SignedIn editor = operators.signIn(TEMPLATE_EDITOR, "/console/templates");

        operators.as(editor).get("/console/templates/..%2Fcontacts").then().statusCode(404);
        operators.as(editor).get("/console/templates/Not-Lower").then().statusCode(404).body(containsString("There is no such record"));
        assertEquals(0, operators.serviceCalls().size());
    }

    private static String template(boolean active, int version) {
        return """
                {"key":"send-invitation","active":%s,"version":%d,"subject":"You are invited to {invitation.name}",
                 "htmlBody":"<p>Hello</p>","textBody":"Hello","from":null,"redemptionPageUrl":null,"heldEmails":0}""".formatted(active, version);
    }

    /** Versions 3 (current), 2 and 1, as notification-service lists them. */
    static void historyOfThree(Operators operators) {
        String versions = IntStream.of(3, 2, 1).mapToObj(version -> """
                {"version":%1$d,"current":%2$s,"subject":"Welcome, version %1$d","htmlBody":"<p>v%1$d</p>","textBody":"v%1$d",
                 "from":null,"redemptionPageUrl":null,"createdAt":"2026-11-0%1$dT09:30:00Z"}""".formatted(version, version == 3))
                .collect(Collectors.joining(",", "[", "]"));
        operators.wireMock.register(get("/templates/send-invitation/versions").willReturn(okJson(versions)));
    }

    private void historyOfThree() {
        historyOfThree(operators);
    }
}
