package dev.invitations.invitationservice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.lookUp;
import static dev.invitations.invitationservice.Api.lookUpFor;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.problemType;
import static dev.invitations.invitationservice.Api.redeem;
import static dev.invitations.invitationservice.Api.redeemAs;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.invitations.commons.security.Roles;
import dev.invitations.invitationservice.OwnerServicesDouble.Ids;
import dev.invitations.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the Invite Redemption Page shows before anyone signs in: the page asks with its own service token, for a person
 * at an address (here from the documentation ranges, 192.0.2.0/24 and 2001:db8::/32).
 */
@QuarkusTest
class LookupTest {

    private static final String PERSON = "192.0.2.10";
    private static final Set<String> DISPLAY_FIELDS = Set.of("name", "type", "status", "expiresAt", "ownerName", "inviterName",
            "accountName", "webRoleNames", "runsWorkflow", "redemptionsLeft", "allowedEmailDomains");

    @AfterEach
    void forgetOwnerFailures() {
        OwnerServicesDouble.forgetOwnerFailures();
    }

    @Test
    void previewShowsOnlyDisplayFieldsWithTheGrantsNamedByRedemptionService() {
        UUID invited = newContact("Pia Preview");
        UUID inviter = newContact("Ines Inviter");
        UUID account = Ids.existing();
        List<UUID> webRoles = List.of(Ids.existing(), Ids.existing());
        String expiresAt = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Object> body = groupInvitation(List.of(invited));
        body.put("maxRedemptions", 3);
        body.put("expiresAt", expiresAt);
        body.put("inviterContactId", inviter);
        body.put("assignToAccountId", account);
        body.put("webRoleIds", webRoles);
        body.put("workflowId", Ids.existingWorkflow());
        body.put("allowedEmailDomains", List.of("example.org", "partner.example.net"));
        Api.Invitation invitation = newInvitation(body);

        ExtractableResponse<Response> preview = lookUpFor(PERSON, invitation.code()).statusCode(200)
                .contentType("application/json")
                .body("name", equalTo(body.get("name")))
                .body("type", equalTo("GROUP"))
                .body("status", equalTo("REDEEMABLE"))
                .body("expiresAt", equalTo(expiresAt))
                .body("ownerName", equalTo("Olivia Owner"))
                .body("inviterName", equalTo("Ines Inviter"))
                .body("accountName", equalTo("Record " + account))
                .body("webRoleNames", contains("Record " + webRoles.get(0), "Record " + webRoles.get(1)))
                .body("runsWorkflow", equalTo(true))
                .body("redemptionsLeft", equalTo(3))
                .body("allowedEmailDomains", contains("example.org", "partner.example.net"))
                .extract();

        assertEquals(DISPLAY_FIELDS, preview.jsonPath().getMap("$").keySet());
        String json = preview.asString();
        for (String secret : List.of(invitation.code(), invitation.id().toString(), invited.toString(), inviter.toString(), "@")) {
            assertFalse(json.contains(secret), "the preview shows " + secret);
        }
    }

    @Test
    void previewOfAnInvitationThatGrantsNothingHasNoNames() {
        Api.Invitation invitation = newInvitation(singleInvitation(newContact("Nico Nothing")));

        lookUpFor(PERSON, invitation.code()).statusCode(200)
                .body("type", equalTo("SINGLE"))
                .body("expiresAt", nullValue())
                .body("inviterName", nullValue())
                .body("accountName", nullValue())
                .body("webRoleNames", empty())
                .body("runsWorkflow", equalTo(false))
                .body("redemptionsLeft", equalTo(1));
    }

    @Test
    void closedInvitationsAreShownWithTheReasonARedemptionWouldBeRefusedFor() {
        UUID revokedFor = newContact("Rex Revoked");
        Api.Invitation revoked = newInvitation(singleInvitation(revokedFor));
        Api.revoke(revoked.id()).statusCode(200);
        UUID redeemer = newContact("Remy Redeemed");
        Api.Invitation redeemed = newInvitation(singleInvitation(redeemer));
        redeem(redeemAs(redeemed.code(), redeemer)).statusCode(200);
        UUID first = newContact("Fay First");
        UUID late = newContact("Lou Late");
        Map<String, Object> full = groupInvitation(List.of(first, late));
        full.put("maxRedemptions", 1);
        Api.Invitation maximumReached = newInvitation(full);
        redeem(redeemAs(maximumReached.code(), first)).statusCode(200);

        lookUpFor(PERSON, revoked.code()).statusCode(200).body("status", equalTo("REVOKED")).body("redemptionsLeft", equalTo(1));
        redeem(redeemAs(revoked.code(), revokedFor)).statusCode(410).body("type", equalTo(problemType("invitation-revoked")));
        lookUpFor(PERSON, redeemed.code()).statusCode(200).body("status", equalTo("REDEEMED")).body("redemptionsLeft", equalTo(0));
        redeem(redeemAs(redeemed.code(), revokedFor)).statusCode(409).body("type", equalTo(problemType("invitation-redeemed")));
        lookUpFor(PERSON, maximumReached.code()).statusCode(200).body("status", equalTo("MAXIMUM_REACHED"))
                .body("redemptionsLeft", equalTo(0));
        redeem(redeemAs(maximumReached.code(), late)).statusCode(409)
                .body("type", equalTo(problemType("invitation-maximum-reached")));
    }

    @Test
    void expiredInvitationIsShownAsExpired() {
        Map<String, Object> body = singleInvitation(newContact("Eve Expired"));
        body.put("expiresAt", Instant.now().plusSeconds(2).toString());
        Api.Invitation invitation = newInvitation(body);
        await().atMost(Duration.ofSeconds(10)).until(() -> "EXPIRED".equals(getInvitation(invitation.id()).extract().path("status")));

        lookUpFor(PERSON, invitation.code()).statusCode(200).body("status", equalTo("EXPIRED"));
    }

    @Test
    void unknownCodeIsNotFoundWithItsType() {
        lookUpFor(PERSON, "0123456789ABCDEFGHJKMNPQRSTVWXYZ").statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(problemType("invitation-not-found")));
    }

    @Test
    void codeIsReadAsTypedLikeARedemptionReadsIt() {
        Api.Invitation invitation = newInvitation(singleInvitation(newContact("Tom Typed")));
        String typed = invitation.code().toLowerCase().substring(0, 16) + "-" + invitation.code().substring(16);

        lookUpFor(PERSON, typed).statusCode(200).body("status", equalTo("REDEEMABLE"));
    }

    @Test
    void blankOrOverlongCodeAndUnknownFieldsAreRefused() {
        String service = TestTokens.withRoles(Roles.SERVICE);
        lookUp(service, Map.of("code", " ")).statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("code"));
        lookUp(service, Map.of("code", "A".repeat(101))).statusCode(400).body("errors.field", contains("code"));
        lookUp(service, Map.of()).statusCode(400).body("errors.field", contains("code"));
        lookUp(service, Map.of("code", "0123456789ABCDEFGHJKMNPQRSTVWXYZ", "contactId", UUID.randomUUID())).statusCode(400)
                .body("errors.field", contains("contactId"));
    }

    @Test
    void serviceMustNameThePersonByAnIpAddress() {
        Api.Invitation invitation = newInvitation(singleInvitation(newContact("Ada Address")));

        for (String notAnAddress : List.of("portal.example", "192.0.2", "192.0.2.10, 198.51.100.1", "")) {
            lookUpFor(notAnAddress, invitation.code()).statusCode(400).contentType("application/problem+json")
                    .body("errors.field", contains(Api.PORTAL_CLIENT_ADDRESS));
        }
        lookUpFor("2001:db8::10", invitation.code()).statusCode(200);
        lookUpFor("[2001:db8::10]", invitation.code()).statusCode(200);
    }

    @Test
    void aSignedInPortalUserMayLookUpToo() {
        Api.Invitation invitation = newInvitation(singleInvitation(newContact("Sid Signed")));

        lookUp(TestTokens.portalUser("login-" + UUID.randomUUID(), "Sid Signed", Api.uniqueEmail("sid")),
                Map.of("code", invitation.code())).statusCode(200).body("status", equalTo("REDEEMABLE"));
    }

    @Test
    void lookingUpNeverRedeems() {
        UUID contact = newContact("Luke Looker");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        for (int i = 0; i < 3; i++) {
            lookUpFor(PERSON, invitation.code()).statusCode(200).body("redemptionsLeft", equalTo(1));
        }

        getInvitation(invitation.id()).body("redemptionCount", equalTo(0)).body("status", equalTo("CREATED"))
                .body("redeemedContacts", empty());
        redeem(redeemAs(invitation.code(), contact)).statusCode(200).body("redemptionCount", equalTo(1));
    }

    @Test
    void unreachableRedemptionServiceIsUnavailableRatherThanAPreviewWithoutNames() {
        UUID webRole = Ids.existing();
        String webRolePath = "/web-roles/" + webRole;
        String scenario = "redemption-service goes down after " + webRole + " was checked";
        WireMock owners = OwnerServicesDouble.ofTheApplication();
        owners.register(get(urlPathEqualTo(webRolePath)).atPriority(1).inScenario(scenario).whenScenarioStateIs(STARTED)
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(okJson("{\"id\":\"" + webRole + "\",\"name\":\"Faded\"}")).willSetStateTo("down"));
        owners.register(get(urlPathEqualTo(webRolePath)).atPriority(1).inScenario(scenario).whenScenarioStateIs("down")
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        Map<String, Object> body = singleInvitation(newContact("Una Unnamed"));
        body.put("webRoleIds", List.of(webRole));
        Api.Invitation invitation = newInvitation(body);

        lookUpFor(PERSON, invitation.code()).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", Integer::parseInt, allOf(greaterThan(0), lessThanOrEqualTo(60)))
                .body("detail", containsString("redemption-service"));
        owners.verifyThat(moreThanOrExactly(2), getRequestedFor(urlPathEqualTo(webRolePath)));
    }
}
