package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.problemType;
import static dev.invitations.invitationservice.Api.redeem;
import static dev.invitations.invitationservice.Api.redeemAs;
import static dev.invitations.invitationservice.Api.redeemAsRegistrant;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.invitationservice.Api.uniqueEmail;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.commons.security.Roles;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.invitationservice.OwnerServicesDouble.Ids;
import dev.invitations.testsupport.TestTokens;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKafkaCompanion
class RedemptionTest {

    KafkaCompanion kafka;

    @Test
    void redemptionIsAnnouncedWithEverythingToGrant() throws Exception {
        UUID contact = newContact("Rosa Redeemer");
        UUID account = Ids.existing();
        List<UUID> webRoles = List.of(Ids.existing(), Ids.existing());
        String workflow = Ids.existingWorkflow();
        Map<String, Object> body = singleInvitation(contact);
        body.put("assignToAccountId", account);
        body.put("webRoleIds", webRoles);
        body.put("workflowId", workflow);
        Api.Invitation invitation = newInvitation(body);

        try (TopicRecords redeemed = TopicRecords.of(kafka, Topics.INVITATION_REDEEMED, invitation.id())) {
            redeem(redeemAs(invitation.code(), contact)).statusCode(200)
                    .body("invitationId", equalTo(invitation.id().toString()))
                    .body("contactId", equalTo(contact.toString()))
                    .body("redemptionCount", equalTo(1));

            ConsumerRecord<String, String> record = redeemed.exactly(1).get(0);
            InvitationRedeemed event = eventJsonOf(record);
            assertEquals(invitation.id().toString(), record.key());
            assertEquals(EventTypes.INVITATION_REDEEMED, KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.TYPE));
            assertEquals(event.eventId().toString(), KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.ID));
            assertEquals(invitation.id(), event.invitationId());
            assertEquals(body.get("name"), event.invitationName());
            assertEquals(InvitationType.SINGLE, event.type());
            assertEquals(contact, event.contact().id());
            assertEquals("Rosa Redeemer", event.contact().fullName());
            assertEquals(account, event.accountId());
            assertEquals(webRoles, event.webRoleIds());
            assertEquals(workflow, event.workflowId());
            assertEquals(1, event.redemptionCount());
            assertEquals(1, event.maxRedemptions());
        }
        getInvitation(invitation.id())
                .body("status", equalTo("REDEEMED"))
                .body("redemptionCount", equalTo(1))
                .body("redeemedContacts.contactId", contains(contact.toString()));
        asStaff().get("/invitations/{id}/redemptions", invitation.id()).then()
                .statusCode(200)
                .body("contactId", contains(contact.toString()))
                .body("fullName", contains("Rosa Redeemer"));
    }

    @Test
    void singleInvitationIsRedeemedOnlyOnce() {
        UUID contact = newContact("Otto Once");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        redeem(redeemAs(invitation.code(), contact)).statusCode(200);

        // The redeemer trying again (an answer lost on the way) learns that it went through.
        redeem(redeemAs(invitation.code(), contact)).statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(problemType("already-redeemed-by-you")));
        UUID someoneElse = newContact("Sam Second");
        redeem(redeemAs(invitation.code(), someoneElse)).statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(problemType("invitation-redeemed")))
                .body("detail", containsString("already been redeemed"));
        getInvitation(invitation.id()).body("redemptionCount", equalTo(1));
    }

    @Test
    void singleInvitationIsRedeemedOnlyByItsInvitedContact() {
        UUID invited = newContact("Ingrid Invited");
        UUID stranger = newContact("Stan Stranger");
        Api.Invitation invitation = newInvitation(singleInvitation(invited));

        redeem(redeemAs(invitation.code(), stranger)).statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(problemType("invitation-for-another-person")));
        String newcomer = uniqueEmail("sneaky");
        redeem(redeemAsRegistrant(invitation.code(), "Sneaky Newcomer", newcomer)).statusCode(403)
                .body("type", equalTo(problemType("email-does-not-match")));
        getInvitation(invitation.id()).body("redemptionCount", equalTo(0));
        asStaff().queryParam("email", newcomer).get("/contacts").then().body("total", equalTo(0));
    }

    @Test
    void codeIsReadAsTypedIgnoringCaseHyphensAndLookalikes() {
        UUID contact = newContact("Tina Typist");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        String typed = invitation.code().toLowerCase(Locale.ROOT).replace("0", "o").replace("1", "l");
        typed = typed.substring(0, 8) + "-" + typed.substring(8, 16) + " " + typed.substring(16);

        redeem(redeemAs(typed, contact)).statusCode(200);
    }

    @Test
    void unknownCodeIsNotFound() {
        redeem(redeemAs("0123456789ABCDEFGHJKMNPQRSTVWXYZ", newContact("Nina Nocode"))).statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(problemType("invitation-not-found")));
    }

    @Test
    void revokedInvitationIsGone() {
        UUID contact = newContact("Ray Revoked");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        Api.revoke(invitation.id()).statusCode(200);

        redeem(redeemAs(invitation.code(), contact)).statusCode(410)
                .body("type", equalTo(problemType("invitation-revoked")))
                .body("detail", containsString("revoked"));
        getInvitation(invitation.id()).body("redemptionCount", equalTo(0));
    }

    @Test
    void expiredInvitationIsGone() {
        UUID contact = newContact("Ella Expired");
        Map<String, Object> body = singleInvitation(contact);
        body.put("expiresAt", Instant.now().plusSeconds(2).toString());
        Api.Invitation invitation = newInvitation(body);
        await().atMost(Duration.ofSeconds(10)).until(() -> "EXPIRED".equals(getInvitation(invitation.id()).extract().path("status")));

        redeem(redeemAs(invitation.code(), contact)).statusCode(410)
                .body("type", equalTo(problemType("invitation-expired")))
                .body("detail", containsString("expired"));
    }

    @Test
    void groupInvitationStopsAtItsMaximum() {
        UUID first = newContact("Gia First");
        UUID second = newContact("Gil Second");
        Map<String, Object> body = groupInvitation(List.of(first, second));
        body.put("maxRedemptions", 1);
        Api.Invitation invitation = newInvitation(body);
        redeem(redeemAs(invitation.code(), first)).statusCode(200);

        redeem(redeemAs(invitation.code(), second)).statusCode(409)
                .body("type", equalTo(problemType("invitation-maximum-reached")))
                .body("detail", containsString("maximum of 1"));
    }

    @Test
    void sameContactRedeemsAGroupInvitationOnce() {
        UUID contact = newContact("Dora Double");
        Map<String, Object> body = groupInvitation(List.of(contact));
        body.put("maxRedemptions", 10);
        Api.Invitation invitation = newInvitation(body);
        redeem(redeemAs(invitation.code(), contact)).statusCode(200);

        redeem(redeemAs(invitation.code(), contact)).statusCode(409)
                .body("type", equalTo(problemType("already-redeemed-by-you")))
                .body("detail", containsString("already redeemed"));
        getInvitation(invitation.id()).body("redemptionCount", equalTo(1));
    }

    @Test
    void aRedeemerTryingAgainLearnsItWentThroughEvenOnceTheInvitationIsFullOrRevoked() {
        UUID contact = newContact("Ria Retry");
        Map<String, Object> body = groupInvitation(List.of(contact));
        body.put("maxRedemptions", 1);
        Api.Invitation invitation = newInvitation(body);
        redeem(redeemAs(invitation.code(), contact)).statusCode(200);

        redeem(redeemAs(invitation.code(), contact)).statusCode(409)
                .body("type", equalTo(problemType("already-redeemed-by-you")));
        redeem(redeemAs(invitation.code(), newContact("Nia Next"))).statusCode(409)
                .body("type", equalTo(problemType("invitation-maximum-reached")));
        Api.revoke(invitation.id()).statusCode(200);
        redeem(redeemAs(invitation.code(), contact)).statusCode(409)
                .body("type", equalTo(problemType("already-redeemed-by-you")));
        getInvitation(invitation.id()).body("redemptionCount", equalTo(1));
    }

    @Test
    void registrantOfAGroupBecomesANewContact() {
        Api.Invitation invitation = openGroupInvitation(newContact("Gary Group"), 5);
        String email = uniqueEmail("nora.newcomer");

        String contactId = redeem(redeemAsRegistrant(invitation.code(), "Nora Newcomer", email)).statusCode(200)
                .body("redemptionCount", equalTo(1))
                .extract().path("contactId");
        asStaff().get("/contacts/{id}", contactId).then()
                .statusCode(200)
                .body("fullName", equalTo("Nora Newcomer"))
                .body("emailAddress1", equalTo(email));
        getInvitation(invitation.id()).body("redeemedContacts.contactId", contains(contactId));
    }

    @Test
    void eventOfARegistrantLeavesOutWhatTheInvitationDoesNotGrant() throws Exception {
        Api.Invitation invitation = openGroupInvitation(newContact("Edna Event"), 5);
        String email = uniqueEmail("eve.event");

        try (TopicRecords redeemed = TopicRecords.of(kafka, Topics.INVITATION_REDEEMED, invitation.id())) {
            String contactId = redeem(redeemAsRegistrant(invitation.code(), "Eve Event", email)).statusCode(200)
                    .extract().path("contactId");

            ConsumerRecord<String, String> record = redeemed.exactly(1).get(0);
            InvitationRedeemed event = eventJsonOf(record);
            JsonNode payload = EventJson.mapper().readTree(record.value());
            assertFalse(payload.has("accountId"), "no account to assign is left out, not null");
            assertFalse(payload.has("workflowId"), "no workflow is left out, not null");
            assertEquals(List.of(), event.webRoleIds());
            assertEquals(InvitationType.GROUP, event.type());
            assertEquals(new InvitationRedeemed.RedeemingContact(UUID.fromString(contactId), "Eve Event", email), event.contact());
            assertEquals(1, event.redemptionCount());
            assertEquals(5, event.maxRedemptions());
        }
    }

    @Test
    void registrantWithAKnownPrimaryAddressRedeemsAsThatContact() {
        String email = uniqueEmail("known");
        String known = Api.createContact(Api.contact("Kate Known", email)).statusCode(201).extract().path("id");
        Api.Invitation invitation = openGroupInvitation(newContact("Gina Group"), 5);

        redeem(redeemAsRegistrant(invitation.code(), "Kate K.", email.toUpperCase(Locale.ROOT))).statusCode(200)
                .body("contactId", equalTo(known));
        asStaff().queryParam("email", email).get("/contacts").then().body("total", equalTo(1));
    }

    @Test
    void redeemingLoginIsLinkedToTheContactAndFindsItLater() {
        UUID contact = newContact("Lia Login");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));

        redeem(redeemAs(invitation.code(), contact)).statusCode(200);
        asStaff().queryParam("identityProvider", TestTokens.ISSUER).queryParam("identitySubject", Api.loginOf(contact))
                .get("/contacts").then()
                .statusCode(200)
                .body("items.id", contains(contact.toString()))
                .body("items[0].identities.subject", contains(Api.loginOf(contact)));
        asStaff().get("/invitations/{id}/redemptions", invitation.id()).then()
                .body("identityProvider", contains(TestTokens.ISSUER))
                .body("identitySubject", contains(Api.loginOf(contact)));
    }

    @Test
    void linkedLoginRedeemsAsItsContactWhateverEmailItNowHas() {
        UUID contact = newContact("Mona Moved");
        redeem(redeemAs(newInvitation(singleInvitation(contact)).code(), contact)).statusCode(200);
        Api.Invitation second = newInvitation(singleInvitation(contact));

        String movedAddress = TestTokens.portalUser(Api.loginOf(contact), "Mona Moved", uniqueEmail("mona.elsewhere"));
        redeem(redeemAs(second.code(), contact).withToken(movedAddress)).statusCode(200)
                .body("contactId", equalTo(contact.toString()));
    }

    @Test
    void loginLinkedToAnotherContactCannotRedeemAnotherPersonsSingleInvitation() {
        UUID owner = newContact("Lola Linked");
        redeem(redeemAs(newInvitation(singleInvitation(owner)).code(), owner)).statusCode(200);
        UUID other = newContact("Omar Other");
        Api.Invitation invitation = newInvitation(singleInvitation(other));

        // Lola's login, now presenting Omar's address as verified: the link decides, and it says Lola.
        String email = asStaff().get("/contacts/{id}", other).then().extract().path("emailAddress1");
        String lolaAsOmar = TestTokens.portalUser(Api.loginOf(owner), "Omar Other", email);
        redeem(redeemAs(invitation.code(), other).withToken(lolaAsOmar)).statusCode(403)
                .body("type", equalTo(problemType("invitation-for-another-person")))
                .body("detail", containsString("for another person"));
        getInvitation(invitation.id()).body("redemptionCount", equalTo(0));
    }

    /**
     * The account-takeover path of the first version: whoever held a GROUP code named someone else's address in the
     * body and had their own login bound to that person's contact. The address now comes from the token and counts
     * only when the identity provider verified it.
     */
    @Test
    void groupCodeHolderCannotTakeOverAnotherPersonsContactWithAnUnverifiedAddress() {
        String victimEmail = uniqueEmail("victim");
        String victim = Api.createContact(Api.contact("Vera Victim", victimEmail)).statusCode(201).extract().path("id");
        Api.Invitation invitation = openGroupInvitation(newContact("Gus Group"), 5);
        String attackerLogin = "attacker-" + UUID.randomUUID();
        String attacker = TestTokens.portalUserWithUnverifiedEmail(attackerLogin, "Vera Victim", victimEmail);

        redeem(new Api.Redemption(invitation.code(), attacker)).statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(problemType("email-not-verified")))
                .body("detail", containsString("no verified email"));

        getInvitation(invitation.id()).body("redemptionCount", equalTo(0)).body("redeemedContacts", empty());
        asStaff().get("/contacts/{id}", victim).then().body("identities", empty());
        asStaff().queryParam("identityProvider", TestTokens.ISSUER).queryParam("identitySubject", attackerLogin)
                .get("/contacts").then().body("total", equalTo(0));
    }

    @Test
    void loginWithoutAnyEmailIsRefused() {
        Api.Invitation invitation = openGroupInvitation(newContact("Nell Noemail"), 5);

        redeem(new Api.Redemption(invitation.code(), TestTokens.withRoles(Roles.PORTAL))).statusCode(403)
                .body("type", equalTo(problemType("email-not-verified")));
        getInvitation(invitation.id()).body("redemptionCount", equalTo(0));
    }

    @Test
    void bodyCannotNameTheRedeemerAnyMore() {
        UUID contact = newContact("Bea Body");
        Api.Invitation invitation = newInvitation(groupInvitation(List.of(contact)));
        String token = redeemAs(invitation.code(), contact).token();

        for (Map<String, Object> old : List.<Map<String, Object>>of(
                Map.of("code", invitation.code(), "contactId", contact),
                Map.of("code", invitation.code(), "registrant", Map.of("fullName", "Bea", "emailAddress", "bea@example.org")),
                Map.of("code", invitation.code(), "identity", Map.of("provider", "https://evil.example", "subject", "x")))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(old).post("/invitations/redeem").then()
                    .statusCode(400).contentType("application/problem+json");
        }
        redeem(redeemAs(" ", contact)).statusCode(400).body("errors.field", contains("code")).body("type", equalTo("urn:portal-invitations:problem:invalid-request"));
        getInvitation(invitation.id()).body("redemptionCount", equalTo(0));
    }

    @Test
    void onlyAPortalLoginRedeems() {
        UUID contact = newContact("Oscar Operator");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));

        redeem(redeemAs(invitation.code(), contact).withToken(TestTokens.staff())).statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("code", invitation.code())).post("/invitations/redeem").then()
                .statusCode(401).contentType("application/problem+json");
        getInvitation(invitation.id()).body("redemptionCount", equalTo(0));
    }

    @Test
    void readingNeverRedeems() {
        UUID contact = newContact("Scan Scanner");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        for (int i = 0; i < 3; i++) {
            getInvitation(invitation.id()).statusCode(200);
            asStaff().get("/invitations/{id}/redemptions", invitation.id()).then().statusCode(200);
            asStaff().queryParam("code", invitation.code()).get("/invitations/redeem").then().statusCode(not(equalTo(200)));
        }

        getInvitation(invitation.id()).body("redemptionCount", equalTo(0)).body("status", equalTo("CREATED"));
        redeem(redeemAs(invitation.code(), contact)).statusCode(200);
    }

    /**
     * The event, after checking that its record is exactly what EventJson writes for it: the redemption statement builds
     * the JSON in SQL, so a field named, formatted or left out otherwise than the record's form would show here.
     */
    private static InvitationRedeemed eventJsonOf(ConsumerRecord<String, String> record) throws Exception {
        InvitationRedeemed event = EventJson.mapper().readValue(record.value(), InvitationRedeemed.class);
        assertEquals(EventJson.mapper().valueToTree(event), EventJson.mapper().readTree(record.value()));
        return event;
    }

    /** A GROUP invitation for one invited contact that takes {@code maxRedemptions} redeemers holding its code. */
    private static Api.Invitation openGroupInvitation(UUID invited, int maxRedemptions) {
        Map<String, Object> body = groupInvitation(List.of(invited));
        body.put("maxRedemptions", maxRedemptions);
        return newInvitation(body);
    }
}
