package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.invitations.localinfra.LocalInfrastructureTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The seed's editing rule and the guarantees around a template's text, through the HTTP API. */
@QuarkusTest
class TemplateEditingTest {

    static final String PROBLEM = "application/problem+json";

    @Test
    void activeTemplateCannotBeEditedUntilDeactivated() {
        String key = Templates.create(Templates.body("v1 {invitation.name}", "<p>v1</p>", "v1"));
        Templates.activate(key);

        asStaff().contentType(ContentType.JSON).body(Templates.body("v2", "<p>v2</p>", "v2"))
                .when().put("/templates/" + key)
                .then().statusCode(409).contentType(startsWith(PROBLEM))
                .body("type", equalTo("urn:portal-invitations:problem:template-active"))
                .body("detail", containsString("deactivate it first"));
        asStaff().when().get("/templates/" + key).then().statusCode(200).body("version", equalTo(1)).body("subject", equalTo("v1 {invitation.name}"));

        asStaff().when().post("/templates/" + key + "/deactivate").then().statusCode(200).body("active", equalTo(false));
        asStaff().contentType(ContentType.JSON).body(Templates.body("v2", "<p>v2</p>", "v2"))
                .when().put("/templates/" + key)
                .then().statusCode(200).body("version", equalTo(2)).body("subject", equalTo("v2")).body("active", equalTo(false));
        asStaff().when().post("/templates/" + key + "/activate").then().statusCode(200)
                .body("template.active", equalTo(true)).body("template.version", equalTo(2)).body("releasedDeliveries", equalTo(0));
    }

    @Test
    void everyEditIsKeptAsAVersion() {
        String key = Templates.create(Templates.body("first", "<p>first</p>", "first"));
        asStaff().contentType(ContentType.JSON).body(Templates.body("second", "<p>second</p>", "second"))
                .when().put("/templates/" + key).then().statusCode(200);

        asStaff().when().get("/templates/" + key + "/versions")
                .then().statusCode(200)
                .body("version", contains(2, 1))
                .body("subject", contains("second", "first"))
                .body("current", contains(true, false));
        asStaff().when().get("/templates").then().statusCode(200).body("key", hasItem(key));
    }

    @Test
    void templateThatDoesNotParseIsRefusedWithLineAndProblemAndTheStoredVersionIsUnchanged() {
        String key = Templates.create(Templates.body("ok", "<p>ok</p>", "ok"));

        asStaff().contentType(ContentType.JSON).body(Templates.body("ok", "<p>Hello</p>\n{#if inviter}\n<p>unclosed</p>", "ok"))
                .when().put("/templates/" + key)
                .then().statusCode(400).contentType(startsWith(PROBLEM))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", allOf(startsWith("line 3:"), containsString("unterminated section")));
        asStaff().when().get("/templates/" + key).then().body("version", equalTo(1)).body("htmlBody", equalTo("<p>ok</p>"));
        asStaff().when().get("/templates/" + key + "/versions").then().body("size()", equalTo(1));
    }

    @Test
    void templateUsingAnUnknownValueIsRefused() {
        String key = "test-" + UUID.randomUUID().toString().substring(0, 13);
        asStaff().contentType(ContentType.JSON).body(Templates.body("Hi {recipient.nickname}", "<p>x</p>", "x"))
                .when().put("/templates/" + key)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("subject"))
                .body("errors[0].message", allOf(startsWith("line 1:"), containsString("nickname")));
        asStaff().when().get("/templates/" + key).then().statusCode(404);
    }

    @Test
    void templateUsingTheOptionalInviterUnguardedIsRefused() {
        asStaff().contentType(ContentType.JSON).body(Templates.body("Hi", "<p>x</p>", "Invited by {inviter.name}"))
                .when().put("/templates/test-" + UUID.randomUUID().toString().substring(0, 13))
                .then().statusCode(400)
                .body("errors[0].field", equalTo("textBody"))
                .body("errors[0].message", endsWith("(for an invitation without inviter or expiry date)"));
    }

    @Test
    void invalidFieldsAreRefusedByName() {
        String key = "test-" + UUID.randomUUID().toString().substring(0, 13);
        Map<String, Object> blankSubject = new HashMap<>(Templates.body(" ", "<p>x</p>", "x"));
        asStaff().contentType(ContentType.JSON).body(blankSubject).when().put("/templates/" + key)
                .then().statusCode(400).body("errors.field", hasItem("subject"));
        Map<String, Object> badFrom = new HashMap<>(Templates.body("s", "<p>x</p>", "x"));
        badFrom.put("from", "not an address");
        asStaff().contentType(ContentType.JSON).body(badFrom).when().put("/templates/" + key)
                .then().statusCode(400).body("errors.field", hasItem("from"));
        Map<String, Object> badPage = new HashMap<>(Templates.body("s", "<p>x</p>", "x"));
        badPage.put("redemptionPageUrl", "ftp://portal.example/redeem");
        asStaff().contentType(ContentType.JSON).body(badPage).when().put("/templates/" + key)
                .then().statusCode(400).body("errors.field", hasItem("redemptionPageUrl"));
        asStaff().contentType(ContentType.JSON).body(Templates.body("s", "<p>x</p>", "x")).when().put("/templates/Not A Key!")
                .then().statusCode(400).body("errors.field", hasItem("key"));
        asStaff().contentType(ContentType.JSON).body("{\"subject\": ").when().put("/templates/" + key)
                .then().statusCode(400).contentType(startsWith(PROBLEM));
        asStaff().when().get("/templates/" + key).then().statusCode(404);
    }

    @Test
    void ccAndBccInATemplateAreIgnored() {
        Map<String, Object> body = new HashMap<>(Templates.body("s", "<p>x</p>", "x"));
        body.put("cc", "boss@example.com");
        body.put("bcc", "audit@example.com");
        String key = Templates.create(body);
        asStaff().when().get("/templates/" + key).then().statusCode(200).body("cc", nullValue()).body("bcc", nullValue());
    }

    @Test
    void unknownTemplateIsNotFound() {
        asStaff().when().get("/templates/nothing-here").then().statusCode(404).contentType(startsWith(PROBLEM));
        asStaff().when().post("/templates/nothing-here/activate").then().statusCode(404);
        asStaff().when().post("/templates/nothing-here/deactivate").then().statusCode(404);
        asStaff().when().get("/templates/nothing-here/versions").then().statusCode(404);
        asStaff().contentType(ContentType.JSON).body("{}").when().post("/templates/nothing-here/preview").then().statusCode(404);
    }

    @Test
    void previewRendersTheSampleValuesEscapedInHtmlAndSendsNothing() {
        String recipient = "preview-" + UUID.randomUUID() + "@example.com";
        Map<String, Object> sample = Map.of(
                "recipient", Map.of("name", "<b>Bob</b>", "email", recipient),
                "invitation", Map.of("name", "Suppliers", "code", "AB C+1", "type", "GROUP"),
                "sender", Map.of("name", "Sam Sender", "email", "sam@portal.example"),
                "inviter", Map.of("name", "Ivy Inviter", "email", "ivy@example.com"));

        asStaff().contentType(ContentType.JSON).body(sample).when().post("/templates/send-invitation/preview")
                .then().statusCode(200)
                .body("templateVersion", equalTo(1))
                .body("to", equalTo(recipient))
                .body("from", equalTo("Sam Sender <sam@portal.example>"))
                .body("subject", equalTo("You are invited to our portal"))
                .body("redemptionUrl", equalTo("http://localhost:8080/portal/redeem?code=AB+C%2B1&lang=en"))
                .body("html", allOf(containsString("Hello &lt;b&gt;Bob&lt;/b&gt;,"), not(containsString("<b>Bob")),
                        containsString("Ivy Inviter has invited you"), containsString("<strong>AB C+1</strong>")))
                .body("text", allOf(containsString("Hello <b>Bob</b>,"), containsString("invitation code: AB C+1"),
                        not(containsString("expires"))));
        assertThat(LocalInfrastructureTestResource.mailbox().messagesTo(recipient), empty());
    }

    @Test
    void previewRefusesInvalidSampleValues() {
        asStaff().contentType(ContentType.JSON).body(Map.of("recipient", Map.of("email", "nope")))
                .when().post("/templates/send-invitation/preview")
                .then().statusCode(400).body("errors.field", hasItem("recipient.email"));
    }
}
