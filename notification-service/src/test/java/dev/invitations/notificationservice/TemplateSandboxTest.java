package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.invitations.contract.InvitationSent;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The template sandbox and the link and sender allow-lists, through the HTTP API, the real topic and the real mail
 * server. Every refused edit leaves the stored template as it was: same version count, same text.
 */
@QuarkusTest
class TemplateSandboxTest {

    static final String PROBLEM = "application/problem+json";
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String SECRET = "quarkus.datasource.password";

    final Mailbox mailbox = LocalInfrastructureTestResource.mailbox();

    // --- the sandbox: only the email's model ---

    @Test
    void configNamespaceIsRefusedAndNothingIsStored() {
        String key = Templates.create(Templates.body("ok", "<p>ok</p>", "ok"));

        refusedEdit(key, Templates.body("ok", "<p>{config:['" + SECRET + "']}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", allOf(startsWith("line 1:"), containsString("namespace 'config:' is not allowed")));
        refusedEdit(key, Templates.body("ok", "<p>ok</p>", "{config:" + SECRET + "}"))
                .body("errors[0].field", equalTo("textBody"))
                .body("errors[0].message", containsString("namespace 'config:' is not allowed"));
        assertUnchanged(key, "<p>ok</p>");
    }

    @Test
    void injectAndCdiNamespacesAreRefused() {
        String key = Templates.create(Templates.body("ok", "<p>ok</p>", "ok"));

        refusedEdit(key, Templates.body("{inject:vertx}", "<p>ok</p>", "ok"))
                .body("errors[0].field", equalTo("subject"))
                .body("errors[0].message", containsString("namespace 'inject:' is not allowed"));
        refusedEdit(key, Templates.body("ok", "<p>{cdi:templateService}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", containsString("namespace 'cdi:' is not allowed"));
        // Wherever an expression may stand: a section's parameter, an operator's operand.
        refusedEdit(key, Templates.body("ok", "<p>{#let p=config:['" + SECRET + "']}{p}{/let}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", containsString("namespace 'config:' is not allowed"));
        refusedEdit(key, Templates.body("ok", "<p>{#if inject:vertx}x{/if}</p>", "ok"))
                .body("errors[0].message", containsString("namespace 'inject:' is not allowed"));
        refusedEdit(key, Templates.body("ok", "<p>{inviter.name ?: config:['" + SECRET + "']}</p>", "ok"))
                .body("errors[0].message", containsString("namespace 'config:' is not allowed"));
        assertUnchanged(key, "<p>ok</p>");
    }

    @Test
    void methodCallsOnModelObjectsAreRefused() {
        String key = Templates.create(Templates.body("ok", "<p>ok</p>", "ok"));

        refusedEdit(key, Templates.body("ok", "<p>{invitation.code.getClass()}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", containsString("method call 'getClass()' is not allowed"));
        refusedEdit(key, Templates.body("ok", "<p>ok</p>", "{invitation.toString()}"))
                .body("errors[0].field", equalTo("textBody"))
                .body("errors[0].message", containsString("method call 'toString()' is not allowed"));
        refusedEdit(key, Templates.body("ok", "<p>{invitation.code.length}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", containsString("unknown property 'length' of invitation.code"));
        refusedEdit(key, Templates.body("ok", "<p>{invitation}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", containsString("'invitation' is not a value"));
        // Nor through a variable, in either part: the object is refused when it would be printed.
        refusedEdit(key, Templates.body("ok", "<p>{#let x=invitation}{x}{/let}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", containsString("is not a value"));
        refusedEdit(key, Templates.body("ok", "<p>ok</p>", "{#let x=sender}{x}{/let}"))
                .body("errors[0].field", equalTo("textBody"))
                .body("errors[0].message", containsString("is not a value"));
        // raw / safe would print a value unescaped into the HTML part: no such property either.
        refusedEdit(key, Templates.body("ok", "<p>{recipient.name.raw}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", containsString("unknown property 'raw' of recipient.name"));
        // Nor through a variable of the template's own: the engine has no resolver for anything but the model.
        refusedEdit(key, Templates.body("ok", "<p>ok</p>", "{#let c=invitation.code}{c.bytes}{/let}"))
                .body("errors[0].field", equalTo("textBody"));
        assertUnchanged(key, "<p>ok</p>");
    }

    @Test
    void includesAndEvalAreNotSections() {
        String key = Templates.create(Templates.body("ok", "<p>ok</p>", "ok"));

        refusedEdit(key, Templates.body("ok", "<p>{#include application /}</p>", "ok")).body("errors[0].field", equalTo("htmlBody"));
        refusedEdit(key, Templates.body("ok", "<p>{#eval '{config:x}' /}</p>", "ok")).body("errors[0].field", equalTo("htmlBody"));
        assertUnchanged(key, "<p>ok</p>");
    }

    @Test
    void hugeLoopIsRefusedBeforeItRuns() {
        String key = Templates.create(Templates.body("ok", "<p>ok</p>", "ok"));

        refusedEdit(key, Templates.body("ok", "<p>{#for i in 1000000000}{i}{/for}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", containsString("a loop of 1000000000 turns is more than the limit of 1000"));
        // Not a literal: refused when the check renders it, before a single turn.
        refusedEdit(key, Templates.body("ok", "<p>ok</p>", "{#let n=1000000000}{#for i in n}{i}{/for}{/let}"))
                .body("errors[0].field", equalTo("textBody"))
                .body("errors[0].message", containsString("more than the limit of 1000 (notification.templates.max-loop-iterations)"));
        // Loops inside loops count every inner turn.
        refusedEdit(key, Templates.body("ok", "<p>{#for i in 100}{#for j in 100}.{/for}{/for}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", containsString("more than the limit of 1000"));
        assertUnchanged(key, "<p>ok</p>");
    }

    @Test
    void hugeOutputIsRefused() {
        String key = Templates.create(Templates.body("ok", "<p>ok</p>", "ok"));
        String twoThousandCharacters = "x".repeat(2_000);

        refusedEdit(key, Templates.body("ok", "<p>{#for i in 1000}" + twoThousandCharacters + "{/for}</p>", "ok"))
                .body("errors[0].field", equalTo("htmlBody"))
                .body("errors[0].message", containsString("longer than the limit of 1000000 characters"));
        assertUnchanged(key, "<p>ok</p>");
    }

    @Test
    void loopsConditionsAndTheElvisOperatorWithinTheLimitsRender() {
        String key = Templates.create(Map.of(
                "subject", "Join {invitation.name}",
                "htmlBody", "<p>{#for i in 3}{i}{#if i_hasNext},{/if}{/for} {inviter.name ?: sender.name}</p>",
                "textBody", "{#if inviter}{inviter.name}{#else}{sender.name}{/if}: {redemptionUrl}"));

        asStaff().contentType(ContentType.JSON)
                .body(Map.of("sender", Map.of("name", "Sam Sender", "email", "sam@portal.example")))
                .when().post("/templates/" + key + "/preview")
                .then().statusCode(200)
                .body("html", equalTo("<p>1,2,3 Sam Sender</p>"))
                .body("text", equalTo("Sam Sender: http://localhost:8080/portal/redeem?code=SAMPLE-CODE&lang=en"));
    }

    @Test
    void previewRendersWithTheSandboxAndShowsNoConfiguration() {
        asStaff().contentType(ContentType.JSON).body("{}").when().post("/templates/send-invitation/preview")
                .then().statusCode(200)
                .body("html", allOf(containsString("SAMPLE-CODE"), not(containsString("password"))))
                .body("redemptionUrl", equalTo("http://localhost:8080/portal/redeem?code=SAMPLE-CODE&lang=en"));
    }

    // --- where the link may point ---

    @Test
    void linkToAForeignHostIsRefused() {
        String key = Templates.create(Templates.body("ok", "<p>ok</p>", "ok"));

        refusedEdit(key, withPage("https://evil.example/collect"))
                .body("errors[0].field", equalTo("redemptionPageUrl"))
                .body("errors[0].message", containsString("host 'evil.example' is not an allowed origin"));
        refusedEdit(key, withPage("https://portal.example.evil.example/redeem"))
                .body("errors[0].field", equalTo("redemptionPageUrl"));
        refusedEdit(key, withPage("https://portal.example:8443/redeem"))
                .body("errors[0].field", equalTo("redemptionPageUrl"));
        refusedEdit(key, withPage("https://portal.example@evil.example/redeem"))
                .body("errors[0].field", equalTo("redemptionPageUrl"));
        assertUnchanged(key, "<p>ok</p>");
    }

    @Test
    void httpLinkToANonLoopbackHostIsRefused() {
        String key = Templates.create(Templates.body("ok", "<p>ok</p>", "ok"));

        refusedEdit(key, withPage("http://portal.example/redeem"))
                .body("errors[0].field", equalTo("redemptionPageUrl"))
                .body("errors[0].message", containsString("must use https"));
        refusedEdit(key, withPage("http://evil.example/redeem"))
                .body("errors[0].field", equalTo("redemptionPageUrl"));
        assertUnchanged(key, "<p>ok</p>");
    }

    @Test
    void allowedLinksAreAccepted() {
        for (String page : new String[] { "http://localhost:8080/portal/redeem", "https://portal.example/redeem?lang=en",
                "https://partners.portal.example/redeem" }) {
            String key = Templates.create(withPage(page));
            asStaff().when().get("/templates/" + key).then().body("redemptionPageUrl", equalTo(page));
        }
    }

    // --- whom the email may come from ---

    @Test
    void fromAddressInAForeignDomainIsRefused() {
        String key = Templates.create(Templates.body("ok", "<p>ok</p>", "ok"));
        Map<String, Object> body = new HashMap<>(Templates.body("ok", "<p>changed</p>", "ok"));
        body.put("from", "ceo@evil.example");

        refusedEdit(key, body)
                .body("errors[0].field", equalTo("from"))
                .body("errors[0].message", containsString("domain 'evil.example' is not an allowed sender domain"));
        assertUnchanged(key, "<p>ok</p>");
    }

    @Test
    void editedTemplateWithAllowedLinkAndSenderIsMailedWithThem() {
        Map<String, Object> body = new HashMap<>(Templates.body("Join {invitation.name}",
                "<p><a href=\"{redemptionUrl}\">Join</a></p>", "Join: {redemptionUrl}"));
        body.put("from", "invitations@portal.example");
        body.put("redemptionPageUrl", "https://partners.portal.example/redeem");
        String key = Templates.create(body);
        Templates.activate(key);
        InvitationSent event = Invitations.toNewContact(key);
        Invitations.publish(event);

        ReceivedMail mail = InvitationEmailTest.single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        assertThat(mail.from(), equalTo("invitations@portal.example"));
        assertThat(mail.text(), equalTo("Join: https://partners.portal.example/redeem?code=" + Invitations.codeOf(event) + "&lang=en-GB"));
        assertThat(MailHeaders.replyTo(event.recipient().email()), nullValue());
    }

    @Test
    void ownerInAForeignDomainGoesIntoReplyToAndTheDefaultSenderSends() {
        InvitationSent base = Invitations.toNewContact(null);
        InvitationSent event = new InvitationSent(base.eventId(), base.invitationId(), base.invitationName(), base.type(),
                base.encryptedCode(), base.expiresAt(), new InvitationSent.Sender("Mallory Owner", "mallory@evil.example"),
                base.inviter(), base.recipient(), null, base.sentAt());
        Invitations.publish(event);

        ReceivedMail mail = InvitationEmailTest.single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        assertThat(mail.from(), equalTo("no-reply@portal.invalid"));
        assertThat(MailHeaders.replyTo(event.recipient().email()), allOf(containsString("mallory@evil.example"),
                containsString("Mallory Owner")));

        asStaff().contentType(ContentType.JSON)
                .body(Map.of("sender", Map.of("name", "Mallory Owner", "email", "mallory@evil.example")))
                .when().post("/templates/send-invitation/preview")
                .then().statusCode(200)
                .body("from", equalTo("no-reply@portal.invalid"))
                .body("replyTo", equalTo("Mallory Owner <mallory@evil.example>"));
    }

    // --- templates stored before the rules ---

    @Test
    void storedTemplateBreakingTheRulesNeverLinksOrSignsElsewhereAndCannotBeReactivatedUntilFixed() throws Exception {
        String key = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        storeLegacy(key, "<p><a href=\"{redemptionUrl}\">Join</a></p>", "Join: {redemptionUrl}",
                "ceo@evil.example", "https://evil.example/collect");
        InvitationSent event = Invitations.toNewContact(key);
        Invitations.publish(event);

        ReceivedMail mail = InvitationEmailTest.single(mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT));
        assertThat("the configured page, not the stored one", mail.text(),
                equalTo("Join: http://localhost:8080/portal/redeem?code=" + Invitations.codeOf(event) + "&lang=en-GB"));
        assertThat("the owner, not the stored sender", mail.from(), containsString("owner@portal.example"));

        asStaff().when().post("/templates/" + key + "/deactivate").then().statusCode(200);
        asStaff().when().post("/templates/" + key + "/activate")
                .then().statusCode(409).contentType(startsWith(PROBLEM))
                .body("detail", containsString("edit it"))
                .body("errors.field", allOf(hasItem("from"), hasItem("redemptionPageUrl")));
        asStaff().when().get("/templates/" + key).then().body("active", equalTo(false)).body("version", equalTo(1));

        Map<String, Object> fixed = new HashMap<>(Templates.body("Join", "<p><a href=\"{redemptionUrl}\">Join</a></p>", "Join: {redemptionUrl}"));
        fixed.put("from", "invitations@portal.example");
        asStaff().contentType(ContentType.JSON).body(fixed).when().put("/templates/" + key).then().statusCode(200);
        asStaff().when().post("/templates/" + key + "/activate").then().statusCode(200).body("template.active", equalTo(true));
    }

    @Test
    void storedTemplateUsingANamespaceIsNotRenderedAndCannotBeReactivated() throws Exception {
        String key = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        storeLegacy(key, "<p>{config:['" + SECRET + "']}</p>", "x", null, null);
        asStaff().contentType(ContentType.JSON).body("{}").when().post("/templates/" + key + "/preview").then().statusCode(400)
                .body("detail", allOf(containsString("namespace 'config:' is not allowed"),
                        not(containsString(LocalInfrastructureTestResource.endpoints().dbPassword()))));

        asStaff().when().post("/templates/" + key + "/deactivate").then().statusCode(200);
        asStaff().when().post("/templates/" + key + "/activate")
                .then().statusCode(409).body("errors[0].field", equalTo("htmlBody"));
    }

    private static Map<String, Object> withPage(String page) {
        Map<String, Object> body = new HashMap<>(Templates.body("ok", "<p>changed</p>", "ok"));
        body.put("redemptionPageUrl", page);
        return body;
    }

    private static ValidatableResponse refusedEdit(String key, Map<String, ?> body) {
        return asStaff().contentType(ContentType.JSON).body(body).when().put("/templates/" + key)
                .then().statusCode(400).contentType(startsWith(PROBLEM));
    }

    private static void assertUnchanged(String key, String htmlBody) {
        asStaff().when().get("/templates/" + key).then().statusCode(200).body("version", equalTo(1)).body("htmlBody", equalTo(htmlBody));
        asStaff().when().get("/templates/" + key + "/versions").then().statusCode(200).body("size()", equalTo(1));
    }

    /** What a database upgraded from before the sandbox may hold: an active template the rules now refuse. */
    private static void storeLegacy(String key, String html, String text, String from, String page) throws Exception {
        var infra = LocalInfrastructureTestResource.endpoints();
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUsername(), infra.dbPassword());
                PreparedStatement template = db.prepareStatement("""
                        insert into notification.templates (template_key, active, current_version, created_at, updated_at)
                        values (?, true, 1, now(), now())""");
                PreparedStatement version = db.prepareStatement("""
                        insert into notification.template_versions (id, template_key, version, subject, html_body, text_body,
                            from_address, redemption_page_url, created_at)
                        values (?, ?, 1, 'Join', ?, ?, ?, ?, now())""")) {
            template.setString(1, key);
            template.executeUpdate();
            version.setObject(1, UUID.randomUUID());
            version.setString(2, key);
            version.setString(3, html);
            version.setString(4, text);
            version.setString(5, from);
            version.setString(6, page);
            version.executeUpdate();
        }
    }
}
