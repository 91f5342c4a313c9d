package dev.invitations.portalweb.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.invitations.portalweb.console.ContactsPageTest.ADA;
import static dev.invitations.portalweb.console.ContactsPageTest.ADA_ID;
import static dev.invitations.portalweb.console.Operators.OPERATOR;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.portalweb.TestIdentityProvider.SignedIn;
import dev.invitations.portalweb.Times;
import dev.invitations.portalweb.redeem.WireMockBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's invitations against stubbed services: the form, its refusals, the send with its confirmation, the detail. */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class InvitationsPageTest {

    static final String ACCOUNT_ID = "a1b2c3d4-0000-4000-8000-000000000001";
    static final String ROLE_ID = "a1b2c3d4-0000-4000-8000-000000000002";
    static final String FIRST_ID = "1f0e8a53-3c1b-4d7e-8a8e-0d6c2b9f1a11";
    static final String SECOND_ID = "2f0e8a53-3c1b-4d7e-8a8e-0d6c2b9f1a22";
    static final String GRACE_ID = "3f0e8a53-3c1b-4d7e-8a8e-0d6c2b9f1a33";

    private final Operators operators = new Operators();

    @Test
    void theFormFromAContactNamesItFillsTheSenderWithTheOperatorAndOffersAccountsAndWebRoles() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/new");
        operators.wireMock.register(get("/contacts/" + ADA_ID).willReturn(okJson(ADA)));
        stubPickers();

        operators.as(operator).queryParam("contactId", ADA_ID).get("/console/invitations/new").then().statusCode(200)
                .body(containsString(">ada@example.org</textarea>"), containsString("value=\"Olivia Operator\""),
                        containsString("value=\"" + OPERATOR.email() + "\""),
                        containsString("<option value=\"" + ACCOUNT_ID + "\">Contoso</option>"),
                        containsString("value=\"" + ROLE_ID + "\""), containsString("Partner Portal"),
                        containsString("<legend>Type</legend>"));

        operators.wireMock.verifyThat(getRequestedFor(urlPathEqualTo("/accounts"))
                .withHeader("Authorization", equalTo("Bearer " + operator.accessToken())));
        operators.wireMock.verifyThat(getRequestedFor(urlPathEqualTo("/web-roles"))
                .withHeader("Authorization", equalTo("Bearer " + operator.accessToken())));
    }

    @Test
    void aSavedInvitationGoesToInvitationServiceWithTheContactsIdsTheEndOfTheChosenDayAndItsRules() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/new");
        stubPickers();
        stubContactWithAddress("ada@example.org", ADA);
        operators.wireMock.register(post("/invitations").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + FIRST_ID + "\",\"name\":\"Partners\",\"code\":\"SECRETCODE\"}")));

        var saved = filledForm(operator).formParam("type", "GROUP").formParam("maxRedemptions", "5").formParam("expiresOn", "2027-01-31")
                .formParam("accountId", ACCOUNT_ID).formParam("webRoleIds", ROLE_ID).formParam("reminderAfterDays", " 7 ")
                .formParam("maxReminders", "2").formParam("allowedEmailDomains", "example.org\r\n contoso.com, ").post("/console/invitations");

        assertAll(
                () -> assertEquals(303, saved.statusCode()),
                () -> assertEquals("/console/invitations/" + FIRST_ID, URI.create(saved.header("Location")).getPath()),
                () -> operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/invitations"))
                        .withHeader("Authorization", equalTo("Bearer " + operator.accessToken()))
                        .withRequestBody(equalToJson("""
                                {"name":"Partners","type":"GROUP","owner":{"name":"Olivia Operator","email":"olivia@example.org"},
                                 "expiresAt":"2027-02-01T00:00:00Z","invitedContactIds":["%s"],"assignToAccountId":"%s",
                                 "webRoleIds":["%s"],"maxRedemptions":5,"reminders":{"afterDays":7,"maxReminders":2},
                                 "allowedEmailDomains":["example.org","contoso.com"]}""".formatted(ADA_ID, ACCOUNT_ID, ROLE_ID)))));
    }

    @Test
    void theServicesRefusalOfARuleShowsNextToTheReminderOrDomainFieldItNames() {
        SignedIn operator = onTheFormThatTheServiceRefuses("""
                {"status":400,"detail":"2 fields are invalid",
                 "errors":[{"field":"reminders.maxReminders","message":"must not be null"},
                           {"field":"allowedEmailDomains[1]","message":"must be a domain name such as example.org"}]}""");

        filledForm(operator).formParam("type", "GROUP").formParam("reminderAfterDays", "7").formParam("allowedEmailDomains", "example.org\nnot_a_domain!")
                .post("/console/invitations").then().statusCode(400)
                .body(containsString("<p id=\"maxReminders-error\" class=\"error\">must not be null</p>"),
                        containsString("<p id=\"allowedEmailDomains-error\" class=\"error\">must be a domain name such as example.org</p>"),
                        containsString("aria-describedby=\"allowedEmailDomains-help allowedEmailDomains-error\" aria-invalid=\"true\""),
                        containsString("value=\"7\""), not(containsString("reminderAfterDays-error")));
        operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/invitations")).withRequestBody(equalToJson("""
                {"name":"Partners","type":"GROUP","owner":{"name":"Olivia Operator","email":"olivia@example.org"},
                 "invitedContactIds":["%s"],"reminders":{"afterDays":7},"allowedEmailDomains":["example.org","not_a_domain!"]}"""
                .formatted(ADA_ID))));
    }

    @Test
    void theServicesRefusalShowsNextToItsFieldAndTheFormKeepsWhatWasTyped() {
        SignedIn operator = onTheFormThatTheServiceRefuses("""
                {"status":400,"detail":"owner.email: must be a well-formed email address",
                 "errors":[{"field":"owner.email","message":"must be a well-formed email address"}]}""");

        filledForm(operator).formParam("type", "SINGLE").post("/console/invitations").then().statusCode(400)
                .body(containsString("<p id=\"ownerEmail-error\" class=\"error\">must be a well-formed email address</p>"),
                        containsString("aria-invalid=\"true\" aria-describedby=\" ownerEmail-error\""),
                        containsString("value=\"Partners\""), containsString(">ada@example.org</textarea>"),
                        not(containsString("name-error")));
    }

    @Test
    void anAddressNoContactHasIsRefusedNextToTheInvitedContactsAndNothingIsCreated() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/new");
        stubPickers();
        operators.wireMock.register(get(urlPathEqualTo("/contacts")).willReturn(okJson("{\"items\":[],\"page\":0,\"size\":2,\"total\":0}")));

        filledForm(operator).formParam("type", "SINGLE").post("/console/invitations").then().statusCode(400)
                .body(containsString("<p id=\"invitedEmails-error\" class=\"error\">No contact has the address ada@example.org."));
        assertEquals(0, operators.wireMock.find(postRequestedFor(urlPathEqualTo("/invitations"))).size());
    }

    @Test
    void whatTheConsoleCannotReadIsRefusedNextToItsFieldAndNothingIsCreated() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/new");
        stubPickers();
        stubContactWithAddress("ada@example.org", ADA);

        filledForm(operator).formParam("type", "SINGLE").formParam("webRoleIds", "not-an-id").formParam("expiresOn", "31.01.2027")
                .formParam("maxRedemptions", "five").formParam("reminderAfterDays", "weekly").formParam("maxReminders", "2.5")
                .formParam("allowedEmailDomains", "example.org").post("/console/invitations").then().statusCode(400)
                .body(containsString("<p id=\"webRoleIds-error\" class=\"error\">Choose from the list.</p>"),
                        containsString("<p id=\"expiresOn-error\" class=\"error\">Enter a date such as 2027-01-31.</p>"),
                        containsString("<p id=\"maxRedemptions-error\" class=\"error\">Enter a whole number.</p>"),
                        containsString("<p id=\"reminderAfterDays-error\" class=\"error\">Enter a whole number.</p>"),
                        containsString("<p id=\"maxReminders-error\" class=\"error\">Enter a whole number.</p>"),
                        containsString("value=\"weekly\""), containsString(">example.org</textarea>"),
                        containsString("value=\"31.01.2027\""), not(containsString("accountId-error")));
        assertEquals(0, operators.wireMock.find(postRequestedFor(urlPathEqualTo("/invitations"))).size());
    }

    @Test
    void sendingSaysHowManyInvitationsAndEmailsBeforeAndWhatWasRejectedAfter() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations");
        operators.wireMock.register(get(urlPathEqualTo("/invitations")).willReturn(okJson("""
                {"items":[{"id":"%s","name":"Partners","type":"GROUP","status":"CREATED","maxRedemptions":2,"redemptionCount":1},
                          {"id":"%s","name":"Suppliers","type":"SINGLE","status":"REVOKED","maxRedemptions":1,"redemptionCount":0}],
                 "page":0,"size":50,"total":2}""".formatted(FIRST_ID, SECOND_ID))));
        // The GROUP invited Ada and Grace and Ada accepted: one email; the SINGLE invited Ada: one email.
        operators.wireMock.register(get("/invitations/" + FIRST_ID).willReturn(okJson(invitation(FIRST_ID, "Partners", "GROUP",
                "[" + invited(ADA_ID) + "," + invited(GRACE_ID) + "]", "[{\"contactId\":\"" + ADA_ID + "\",\"fullName\":\"Ada Lovelace\",\"redeemedAt\":\"2026-11-01T10:00:00Z\"}]"))));
        operators.wireMock.register(get("/invitations/" + SECOND_ID).willReturn(okJson(invitation(SECOND_ID, "Suppliers", "SINGLE",
                "[" + invited(ADA_ID) + "]", "[]"))));
        operators.wireMock.register(post("/invitations/send").willReturn(okJson("""
                {"accepted":1,"recipients":1,"rejected":[{"id":"%s","reason":"the invitation was revoked"}]}""".formatted(SECOND_ID))));

        operators.as(operator).get("/console/invitations").then().statusCode(200)
                .body(containsString("name=\"id\" value=\"" + FIRST_ID + "\""), containsString("name=\"id\" value=\"" + SECOND_ID + "\""));
        operators.formOf(operator, "/console/invitations").formParam("id", FIRST_ID).formParam("id", SECOND_ID)
                .post("/console/invitations/send/confirmation").then().statusCode(200)
                .body(containsString("Invitations to send: 2. Emails: 2,"), containsString("Send now (emails: 2)"));
        assertEquals(0, operators.wireMock.find(postRequestedFor(urlPathEqualTo("/invitations/send"))).size(), "confirming is not sending");

        String sent = operators.formOf(operator, "/console/invitations").formParam("id", FIRST_ID).formParam("id", SECOND_ID)
                .post("/console/invitations/send").then().statusCode(200)
                .body(containsString("Invitations sent: 1. Emails on their way: 1."), containsString("Suppliers</a>: the invitation was revoked"))
                .extract().asString();
        Matcher followLink = Pattern.compile("id=\"follow-progress\" class=\"button primary\" href=\"([^\"]+)\"").matcher(sent);
        assertTrue(followLink.find(), sent);
        String link = followLink.group(1).replace("&amp;", "&");
        assertTrue(link.matches("/console/invitations/progress\\?since=[^&]+&expected=1&id=" + FIRST_ID), "only the accepted invitation is followed: " + link);
        operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/invitations/send"))
                .withHeader("Authorization", equalTo("Bearer " + operator.accessToken()))
                .withRequestBody(equalToJson("{\"invitationIds\":[\"%s\",\"%s\"]}".formatted(FIRST_ID, SECOND_ID))));
    }

    @Test
    void theProgressPageCountsTheSendsEmailsAndUpdatesItselfUntilEveryOneIsSentOrFailed() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations");
        String since = Instant.now().minusSeconds(5).toString();
        String page = "/console/invitations/progress?since=" + since + "&expected=1000&id=" + FIRST_ID + "&id=" + SECOND_ID;
        operators.wireMock.register(get(urlPathEqualTo("/deliveries/progress")).willReturn(okJson("""
                {"total":900,"held":0,"sending":300,"sent":580,"failed":20}""")));

        operators.as(operator).get(page).then().statusCode(200)
                .body(containsString("600 of 1000 emails done."), containsString("<meta http-equiv=\"refresh\" content=\"3\">"),
                        containsString("<dd id=\"progress-sent\">580</dd>"), containsString("<dd id=\"progress-failed\">20</dd>"),
                        containsString("Failed emails are listed on each invitation"));
        operators.wireMock.verifyThat(getRequestedFor(urlPathEqualTo("/deliveries/progress"))
                .withQueryParam("since", equalTo(since)).withQueryParam("invitationId", equalTo(SECOND_ID))
                .withHeader("Authorization", equalTo("Bearer " + operator.accessToken())));

        operators.wireMock.register(get(urlPathEqualTo("/deliveries/progress")).willReturn(okJson("""
                {"total":1000,"held":0,"sending":0,"sent":980,"failed":20}""")));
        operators.as(operator).get(page).then().statusCode(200)
                .body(containsString("All 1000 emails are done."), not(containsString("http-equiv=\"refresh\"")));
    }

    @Test
    void aSendTooOldToBeRunningIsNotFollowedForEver() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations");
        operators.wireMock.register(get(urlPathEqualTo("/deliveries/progress")).willReturn(okJson("""
                {"total":3,"held":3,"sending":0,"sent":0,"failed":0}""")));

        operators.as(operator).get("/console/invitations/progress?since=" + Instant.now().minus(Duration.ofHours(1)) + "&expected=3&id=" + FIRST_ID)
                .then().statusCode(200)
                .body(containsString("stopped updating"), containsString("Held until the template is activated"),
                        not(containsString("http-equiv=\"refresh\"")));
    }

    @Test
    void aProgressAddressTheConsoleDidNotWriteIsRefusedWithoutAskingTheService() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations");
        String now = Instant.now().toString();
        List<String> invalid = List.of("/console/invitations/progress",
                "/console/invitations/progress?since=" + now + "&expected=1",
                "/console/invitations/progress?since=" + now + "&expected=1&id=not-an-id",
                "/console/invitations/progress?since=yesterday&expected=1&id=" + FIRST_ID,
                "/console/invitations/progress?since=" + Instant.now().plus(Duration.ofDays(1)) + "&expected=1&id=" + FIRST_ID,
                "/console/invitations/progress?since=" + now + "&expected=-1&id=" + FIRST_ID,
                "/console/invitations/progress?since=" + now + "&expected=99999999999&id=" + FIRST_ID,
                "/console/invitations/progress?since=" + now + "&expected=1" + ("&id=" + FIRST_ID).repeat(51));

        for (String address : invalid) {
            operators.as(operator).get(address).then().statusCode(400).body(containsString("This address is not valid"));
        }
        assertEquals(List.of(), operators.serviceCalls());
    }

    @Test
    void sendingNothingOrSomethingThatIsNoInvitationIsRefusedWithTheListAgain() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations");
        operators.wireMock.register(get(urlPathEqualTo("/invitations")).willReturn(okJson("{\"items\":[],\"page\":0,\"size\":50,\"total\":0}")));

        operators.formOf(operator, "/console/contacts/new").post("/console/invitations/send/confirmation").then().statusCode(400)
                .body(containsString("Select at least one invitation to send."));
        operators.formOf(operator, "/console/contacts/new").formParam("id", "../contacts").post("/console/invitations/send").then().statusCode(400)
                .body(containsString("not an invitation"));
        assertEquals(0, operators.wireMock.find(postRequestedFor(urlPathEqualTo("/invitations/send"))).size());
    }

    @Test
    void aSendTheServiceRefusesIsAPageWithItsExplanationAndStatus() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations");
        operators.wireMock.register(post("/invitations/send").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json").withBody("""
                        {"status":400,"detail":"invitationIds: these invitations would send 60000 emails; at most 50000 per request",
                         "errors":[{"field":"invitationIds","message":"at most 50000 emails per request"}]}""")));

        operators.formOf(operator, "/console/contacts/new").formParam("id", FIRST_ID).post("/console/invitations/send").then().statusCode(400)
                .body(containsString("The service refused this"), containsString("at most 50000 per request"));
    }

    @Test
    void theDetailShowsEachInvitedContactsDeliveryAndNeverACode() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/" + FIRST_ID);
        operators.wireMock.register(get("/invitations/" + FIRST_ID).willReturn(okJson(invitation(FIRST_ID, "Partners", "GROUP",
                "[{\"contactId\":\"%s\",\"fullName\":\"Grace Hopper\",\"emailAddress1\":\"grace@example.org\",\"deliveryStatus\":\"FAILED\",\"deliveryFailure\":\"mailbox full\"}]"
                        .formatted(GRACE_ID), "[]"))));

        operators.as(operator).get("/console/invitations/" + FIRST_ID).then().statusCode(200)
                .body(containsString("Grace Hopper"), containsString("FAILED: mailbox full"), containsString("never shown here"),
                        not(containsString("SECRETCODE")));
    }

    @Test
    void theDetailShowsTheRemindersAndAllowedEmailDomainsOrThatThereAreNone() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/" + FIRST_ID);
        operators.wireMock.register(get("/invitations/" + FIRST_ID).willReturn(okJson(invitation(FIRST_ID, "Partners", "GROUP", "[]", "[]")
                .replace("\"redemptionCount\":0}", "\"redemptionCount\":0,\"reminders\":{\"afterDays\":7,\"maxReminders\":2},"
                        + "\"allowedEmailDomains\":[\"example.org\",\"contoso.com\"]}"))));
        operators.wireMock.register(get("/invitations/" + SECOND_ID).willReturn(okJson(invitation(SECOND_ID, "Others", "GROUP", "[]", "[]"))));

        operators.as(operator).get("/console/invitations/" + FIRST_ID).then().statusCode(200)
                .body(containsString("<dd id=\"reminders\">Every 7 day(s), at most 2 time(s)</dd>"),
                        containsString("<dd id=\"allowed-email-domains\">example.org, contoso.com</dd>"));
        operators.as(operator).get("/console/invitations/" + SECOND_ID).then().statusCode(200)
                .body(containsString("<dd id=\"reminders\">-</dd>"), containsString("<dd id=\"allowed-email-domains\">Any</dd>"));
    }

    @Test
    void theDetailListsTheInviteRedemptionActivitiesWithWhatBecameOfTheAccountAndEachWebRole() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/" + FIRST_ID);
        stubPickers();
        String redeemed = """
                [{"contactId":"%s","fullName":"Grace Hopper","redeemedAt":"2026-11-20T10:15:00Z","identitySubject":"kc-grace"}]"""
                .formatted(GRACE_ID);
        operators.wireMock.register(get("/invitations/" + FIRST_ID).willReturn(okJson(invitation(FIRST_ID, "Partners", "GROUP", "[]", redeemed)
                .replace("\"redemptionCount\":0", "\"redemptionCount\":1").replace("\"webRoleIds\":[]",
                        "\"webRoleIds\":[\"" + ROLE_ID + "\"],\"assignToAccountId\":\"" + ACCOUNT_ID + "\""))));
        operators.wireMock.register(get(urlPathEqualTo("/accounts/" + ACCOUNT_ID)).willReturn(okJson("{\"id\":\"" + ACCOUNT_ID + "\",\"name\":\"Contoso\"}")));
        operators.wireMock.register(get(urlPathEqualTo("/redemption-activities")).withQueryParam("invitationId", equalTo(FIRST_ID))
                .willReturn(okJson("""
                        {"total":3,"page":0,"size":100,"items":[{"id":"%s","contactId":"%s","redeemedAt":"2026-11-20T10:15:00Z",
                          "appliedAt":"2026-11-20T10:15:01Z","account":{"id":"%s","outcome":"ASSIGNED"},
                          "webRoles":[{"id":"%s","name":"Partner Portal","outcome":"GRANTED"},{"id":"%s","outcome":"NOT_FOUND"}],
                          "partial":true}]}""".formatted(UUID.randomUUID(), GRACE_ID, ACCOUNT_ID, ROLE_ID, SECOND_ID))));

        String page = operators.as(operator).get("/console/invitations/" + FIRST_ID).then().statusCode(200).extract().asString();

        assertAll(
                () -> assertTrue(page.contains("Invite Redemption Activities"), page),
                () -> assertTrue(page.contains("Contoso: assigned"), page),
                () -> assertTrue(page.contains("Partner Portal: granted"), page),
                () -> assertTrue(page.contains(SECOND_ID + ": no longer exists, not applied"), page),
                () -> assertTrue(page.contains("Partly applied"), page),
                () -> assertTrue(page.contains(Times.format(Instant.parse("2026-11-20T10:15:01Z"), Locale.ENGLISH)),
                        "dates are written out in the page's language: " + page),
                () -> assertTrue(page.contains("The first 1 of 3 activities."), page),
                () -> operators.wireMock.verifyThat(getRequestedFor(urlPathEqualTo("/redemption-activities"))
                        .withHeader("Authorization", equalTo("Bearer " + operator.accessToken()))));
    }

    @Test
    void anErasedContactShowsAsErasedAsInviteeRedeemerAndInviter() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/" + FIRST_ID);
        String erased = "{\"contactId\":\"%s\",\"deliveryStatus\":\"DELIVERED\",\"erasedAt\":\"2026-11-30T10:00:00Z\"}".formatted(GRACE_ID);
        String redeemed = "[{\"contactId\":\"%s\",\"redeemedAt\":\"2026-11-20T10:15:00Z\",\"erasedAt\":\"2026-11-30T10:00:00Z\"}]"
                .formatted(GRACE_ID);
        operators.wireMock.register(get("/invitations/" + FIRST_ID).willReturn(okJson(invitation(FIRST_ID, "Partners", "GROUP",
                "[" + erased + "]", redeemed).replace("\"redemptionCount\":0", "\"redemptionCount\":1,\"inviterContactId\":\"" + SECOND_ID + "\""))));
        operators.wireMock.register(get("/contacts/" + SECOND_ID).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404,\"title\":\"Not Found\"}")));
        operators.wireMock.register(get(urlPathEqualTo("/redemption-activities")).withQueryParam("invitationId", equalTo(FIRST_ID))
                .willReturn(okJson("""
                        {"total":1,"page":0,"size":100,"items":[{"id":"%s","contactId":"%s","redeemedAt":"2026-11-20T10:15:00Z",
                          "appliedAt":"2026-11-20T10:15:01Z","webRoles":[],"partial":false}]}""".formatted(UUID.randomUUID(), GRACE_ID))));

        String page = operators.as(operator).get("/console/invitations/" + FIRST_ID).then().statusCode(200).extract().asString();

        assertAll(
                () -> assertEquals(4, page.split("Erased contact", -1).length - 1, "invitee, redeemer, activity and inviter: " + page),
                () -> assertFalse(page.contains("/console/contacts/" + GRACE_ID), "no link to a contact that is gone: " + page));
    }

    @Test
    void anInvitationNobodyRedeemedSaysSoWithoutAskingForActivities() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/" + FIRST_ID);
        operators.wireMock.register(get("/invitations/" + FIRST_ID).willReturn(okJson(invitation(FIRST_ID, "Partners", "GROUP", "[]", "[]"))));

        operators.as(operator).get("/console/invitations/" + FIRST_ID).then().statusCode(200)
                .body(containsString("No redemption has been applied yet."));
        assertEquals(0, operators.wireMock.find(getRequestedFor(urlPathEqualTo("/redemption-activities"))).size());
    }

    @Test
    void revokingAsksFirstAndOnlyTheConfirmationRevokes() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/" + FIRST_ID);
        operators.wireMock.register(get("/invitations/" + FIRST_ID).willReturn(okJson(invitation(FIRST_ID, "Partners", "GROUP", "[]", "[]"))));
        operators.wireMock.register(post("/invitations/" + FIRST_ID + "/revoke").willReturn(okJson(invitation(FIRST_ID, "Partners", "GROUP", "[]", "[]"))));

        operators.as(operator).get("/console/invitations/" + FIRST_ID).then().statusCode(200)
                .body(containsString("href=\"/console/invitations/" + FIRST_ID + "/revoke\""));
        operators.as(operator).get("/console/invitations/" + FIRST_ID + "/revoke").then().statusCode(200)
                .body(containsString("Once Partners is revoked, it can no longer be sent or accepted"));
        assertEquals(0, operators.wireMock.find(postRequestedFor(urlPathEqualTo("/invitations/" + FIRST_ID + "/revoke"))).size(),
                "asking is not revoking");

        var revoked = operators.formOf(operator, "/console/invitations/" + FIRST_ID + "/revoke").post("/console/invitations/" + FIRST_ID + "/revoke");
        assertAll(
                () -> assertEquals(303, revoked.statusCode()),
                () -> assertEquals("/console/invitations/" + FIRST_ID, URI.create(revoked.header("Location")).getPath()),
                () -> operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/invitations/" + FIRST_ID + "/revoke"))
                        .withHeader("Authorization", equalTo("Bearer " + operator.accessToken()))));
    }

    @Test
    void extendingAnExpiredInvitationSendsTheEndOfTheChosenDayAndShowsItAgain() {
        String page = "/console/invitations/" + FIRST_ID;
        SignedIn operator = operators.signIn(OPERATOR, page);
        operators.wireMock.register(get("/invitations/" + FIRST_ID).willReturn(okJson(
                invitation(FIRST_ID, "Partners", "GROUP", "[]", "[]").replace("\"status\":\"CREATED\"",
                        "\"status\":\"EXPIRED\",\"expiresAt\":\"2026-01-01T00:00:00Z\""))));
        operators.wireMock.register(put("/invitations/" + FIRST_ID + "/expiry").willReturn(okJson(invitation(FIRST_ID, "Partners", "GROUP", "[]", "[]"))));

        operators.as(operator).get(page).then().statusCode(200)
                .body(containsString("<button id=\"extend-expiry\" type=\"submit\">Extend expiry</button>"),
                        containsString("id=\"expiresOn\" name=\"expiresOn\" type=\"date\" value=\"2025-12-31\""));
        var extended = operators.formOf(operator, page).formParam("expiresOn", "2027-03-31").post(page + "/expiry");
        var removed = operators.formOf(operator, page).formParam("expiresOn", "").post(page + "/expiry");

        assertAll(
                () -> assertEquals(303, extended.statusCode()),
                () -> assertEquals(page, URI.create(extended.header("Location")).getPath()),
                () -> assertEquals(303, removed.statusCode()),
                () -> operators.wireMock.verifyThat(putRequestedFor(urlPathEqualTo("/invitations/" + FIRST_ID + "/expiry"))
                        .withHeader("Authorization", equalTo("Bearer " + operator.accessToken()))
                        .withRequestBody(equalToJson("{\"expiresAt\":\"2027-04-01T00:00:00Z\"}"))),
                () -> operators.wireMock.verifyThat(putRequestedFor(urlPathEqualTo("/invitations/" + FIRST_ID + "/expiry"))
                        .withRequestBody(equalToJson("{\"expiresAt\":null}"))));
    }

    @Test
    void anExpiryThatIsNoDateOrIsRefusedIsShownNextToTheFieldAndARevokedInvitationOffersNone() {
        String page = "/console/invitations/" + FIRST_ID;
        SignedIn operator = operators.signIn(OPERATOR, page);
        operators.wireMock.register(get("/invitations/" + FIRST_ID).willReturn(okJson(invitation(FIRST_ID, "Partners", "GROUP", "[]", "[]"))));
        operators.wireMock.register(put("/invitations/" + FIRST_ID + "/expiry").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"status\":400,\"detail\":\"expiresAt: must be a future date\",\"errors\":[{\"field\":\"expiresAt\",\"message\":\"must be a future date\"}]}")));

        operators.formOf(operator, page).formParam("expiresOn", "next tuesday").post(page + "/expiry").then().statusCode(400)
                .body(containsString("<p id=\"expiresOn-error\" class=\"error\">Enter a date such as 2027-01-31.</p>"),
                        containsString("value=\"next tuesday\""));
        assertEquals(0, operators.wireMock.find(putRequestedFor(urlPathEqualTo("/invitations/" + FIRST_ID + "/expiry"))).size(),
                "a date the console cannot read is not sent");
        operators.formOf(operator, page).formParam("expiresOn", "2020-01-31").post(page + "/expiry").then().statusCode(400)
                .body(containsString("<p id=\"expiresOn-error\" class=\"error\">must be a future date</p>"));

        operators.wireMock.register(get("/invitations/" + SECOND_ID).willReturn(okJson(
                invitation(SECOND_ID, "Suppliers", "GROUP", "[]", "[]").replace("\"status\":\"CREATED\"", "\"status\":\"REVOKED\""))));
        operators.as(operator).get("/console/invitations/" + SECOND_ID).then().statusCode(200)
                .body(not(containsString("extend-expiry")));
    }

    private io.restassured.specification.RequestSpecification filledForm(SignedIn operator) {
        return operators.formOf(operator, "/console/invitations/new").formParam("name", "Partners").formParam("ownerName", "Olivia Operator")
                .formParam("ownerEmail", "olivia@example.org").formParam("invitedEmails", "ada@example.org");
    }

    /** Signed in on the form, Ada's address known, and invitation-service answering every create with this 400. */
    private SignedIn onTheFormThatTheServiceRefuses(String problem) {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations/new");
        stubPickers();
        stubContactWithAddress("ada@example.org", ADA);
        operators.wireMock.register(post("/invitations").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json").withBody(problem)));
        return operator;
    }

    private void stubPickers() {
        operators.wireMock.register(get(urlPathEqualTo("/accounts")).willReturn(okJson("[{\"id\":\"" + ACCOUNT_ID + "\",\"name\":\"Contoso\"}]")));
        operators.wireMock.register(get("/web-roles").willReturn(okJson("[{\"id\":\"" + ROLE_ID + "\",\"name\":\"Partner Portal\"}]")));
    }

    private void stubContactWithAddress(String address, String contact) {
        operators.wireMock.register(get(urlPathEqualTo("/contacts")).withQueryParam("email", equalTo(address))
                .willReturn(okJson("{\"items\":[" + contact + "],\"page\":0,\"size\":2,\"total\":1}")));
    }

    private static String invited(String contactId) {
        return "{\"contactId\":\"" + contactId + "\",\"fullName\":\"Someone\",\"deliveryStatus\":\"NOT_SENT\"}";
    }

    private static String invitation(String id, String name, String type, String invited, String redeemed) {
        return """
                {"id":"%s","name":"%s","type":"%s","status":"CREATED","owner":{"name":"Olivia Operator","email":"olivia@example.org"},
                 "invitedContacts":%s,"redeemedContacts":%s,"webRoleIds":[],"maxRedemptions":2,"redemptionCount":0}"""
                .formatted(id, name, type, invited, redeemed);
    }
}
