package dev.invitations.invitationservice;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.invitations.invitationservice.Api.createInvitation;
import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.invitations.invitationservice.OwnerServicesDouble.Ids;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvitationsTest {

    @AfterEach
    void forgetOwnerFailures() {
        OwnerServicesDouble.forgetOwnerFailures();
    }

    @Test
    void invitationIsCreatedWithEveryAttributeAndAnUnguessableCode() {
        UUID invited = newContact("Ivy Invited");
        UUID inviter = newContact("Ian Inviter");
        UUID account = Ids.existing();
        List<UUID> webRoles = List.of(Ids.existing(), Ids.existing());
        String workflow = Ids.existingWorkflow();
        String expiresAt = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Object> body = singleInvitation(invited);
        body.put("expiresAt", expiresAt);
        body.put("inviterContactId", inviter);
        body.put("assignToAccountId", account);
        body.put("webRoleIds", webRoles);
        body.put("workflowId", workflow);
        body.put("templateKey", "partner-welcome");

        String id = createInvitation(body)
                .statusCode(201)
                .header("Location", containsString("/invitations/"))
                .body("code", matchesPattern("[0-9A-HJKMNP-TV-Z]{32}"))
                .extract().path("id");

        getInvitation(UUID.fromString(id))
                .statusCode(200)
                .body("name", equalTo(body.get("name")))
                .body("type", equalTo("SINGLE"))
                .body("status", equalTo("CREATED"))
                .body("owner.name", equalTo("Olivia Owner"))
                .body("owner.email", equalTo("owner@example.org"))
                .body("expiresAt", equalTo(expiresAt))
                .body("inviterContactId", equalTo(inviter.toString()))
                .body("invitedContacts.contactId", contains(invited.toString()))
                .body("invitedContacts.fullName", contains("Ivy Invited"))
                .body("invitedContacts.deliveryStatus", contains("NOT_SENT"))
                .body("assignToAccountId", equalTo(account.toString()))
                .body("webRoleIds", contains(webRoles.get(0).toString(), webRoles.get(1).toString()))
                .body("workflowId", equalTo(workflow))
                .body("templateKey", equalTo("partner-welcome"))
                .body("maxRedemptions", equalTo(1))
                .body("redemptionCount", equalTo(0))
                .body("redeemedContacts", empty())
                .body("$", not(hasKey("code")));
    }

    @Test
    void everyInvitationGetsItsOwnCode() {
        UUID contact = newContact("Cody Codes");
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            codes.add(newInvitation(singleInvitation(contact)).code());
        }
        org.junit.jupiter.api.Assertions.assertEquals(20, codes.size());
    }

    @Test
    void groupInvitationAllowsAsManyRedemptionsAsInvitedContactsByDefault() {
        List<UUID> contacts = List.of(newContact("Gus Group"), newContact("Gwen Group"), newContact("Gil Group"));
        UUID id = newInvitation(groupInvitation(contacts)).id();

        getInvitation(id)
                .body("type", equalTo("GROUP"))
                .body("maxRedemptions", equalTo(3))
                .body("invitedContacts.contactId", contains(contacts.stream().map(UUID::toString).toArray()));
    }

    @Test
    void groupInvitationTakesAnExplicitMaximum() {
        Map<String, Object> body = groupInvitation(List.of(newContact("Max Group")));
        body.put("maxRedemptions", 25);
        getInvitation(newInvitation(body).id()).body("maxRedemptions", equalTo(25));
    }

    @Test
    void singleInvitationInvitesExactlyOneContactForOneRedemption() {
        Map<String, Object> twoContacts = singleInvitation(newContact("One Single"));
        twoContacts.put("invitedContactIds", List.of(newContact("Two Single"), newContact("Three Single")));
        createInvitation(twoContacts).statusCode(400).body("errors.field", contains("invitedContactIds"));

        Map<String, Object> manyRedemptions = singleInvitation(newContact("Four Single"));
        manyRedemptions.put("maxRedemptions", 3);
        createInvitation(manyRedemptions).statusCode(400).body("errors.field", contains("maxRedemptions"));
    }

    @Test
    void invalidInvitationIsRefusedNamingEachField() {
        Map<String, Object> body = groupInvitation(List.of());
        body.put("name", "");
        body.put("type", "GROUP");
        body.put("owner", Map.of("name", "Olivia Owner", "email", "not an address"));
        body.put("expiresAt", Instant.now().minusSeconds(60).toString());
        body.put("maxRedemptions", 0);

        createInvitation(body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("name", "owner.email", "expiresAt", "invitedContactIds", "maxRedemptions"));
    }

    @Test
    void unknownTypeIsABadRequestNamingTheField() {
        Map<String, Object> body = singleInvitation(newContact("Tess Type"));
        body.put("type", "PARTY");
        createInvitation(body).statusCode(400).body("errors.field", contains("type"));
    }

    @Test
    void unknownOrRepeatedContactsAreRefusedByPosition() {
        UUID known = newContact("Kim Known");
        UUID unknown = UUID.randomUUID();
        Map<String, Object> body = groupInvitation(List.of(known, unknown, known));
        body.put("inviterContactId", UUID.randomUUID());

        createInvitation(body).statusCode(400).body("errors.field", contains("invitedContactIds[2]"));
        body.put("invitedContactIds", List.of(known, unknown));
        createInvitation(body).statusCode(400).body("errors.field", containsInAnyOrder("invitedContactIds[1]", "inviterContactId"));
    }

    @Test
    void accountWebRolesAndWorkflowMustExistAtTheirOwners() {
        UUID contact = newContact("Owen Owners");
        Map<String, Object> body = singleInvitation(contact);
        UUID account = Ids.unknown();
        List<UUID> webRoles = List.of(Ids.existing(), Ids.unknown());
        String workflow = Ids.unknownWorkflow();
        body.put("assignToAccountId", account);
        body.put("webRoleIds", webRoles);
        body.put("workflowId", workflow);

        createInvitation(body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("assignToAccountId", "webRoleIds[1]", "workflowId"))
                .body("errors.message", hasItem(containsString("redemption-service")));
        assertNoInvitationFor(contact);
        WireMock owners = OwnerServicesDouble.ofTheApplication();
        for (String asked : List.of("/accounts/" + account, "/web-roles/" + webRoles.get(0), "/web-roles/" + webRoles.get(1),
                "/workflows/" + workflow)) {
            owners.verifyThat(getRequestedFor(urlPathEqualTo(asked)).withHeader("Authorization", matching("Bearer .+")));
        }
    }

    @Test
    void inactiveWorkflowIsRefused() {
        Map<String, Object> body = singleInvitation(newContact("Ina Inactive"));
        body.put("workflowId", Ids.inactiveWorkflow());
        createInvitation(body).statusCode(400).body("errors.field", contains("workflowId"))
                .body("errors.message", contains(containsString("inactive")));
    }

    @Test
    void unreachableOwnerIsUnavailableAndNothingIsStored() {
        UUID contact = newContact("Una Unreachable");
        Map<String, Object> body = singleInvitation(contact);
        body.put("assignToAccountId", Ids.down());
        createInvitation(body)
                .statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("redemption-service"));

        body.remove("assignToAccountId");
        body.put("workflowId", Ids.downWorkflow());
        createInvitation(body).statusCode(503).body("detail", containsString("workflow-service"));
        assertNoInvitationFor(contact);
    }

    @Test
    void revokedInvitationSaysSoAndRevokingAgainKeepsTheFirstTime() {
        UUID id = newInvitation(singleInvitation(newContact("Rita Revoked"))).id();

        String revokedAt = Api.revoke(id).statusCode(200).body("status", equalTo("REVOKED")).extract().path("revokedAt");
        Api.revoke(id).statusCode(200).body("revokedAt", equalTo(revokedAt));
        getInvitation(id).body("status", equalTo("REVOKED"));
    }

    @Test
    void unknownInvitationIsNotFound() {
        getInvitation(UUID.randomUUID()).statusCode(404).contentType("application/problem+json");
        Api.revoke(UUID.randomUUID()).statusCode(404);
        asStaff().get("/invitations/{id}/redemptions", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void invitationsAreListedByStatusAndContactPageByPage() {
        UUID contact = newContact("Lena Listed");
        UUID first = newInvitation(singleInvitation(contact)).id();
        UUID second = newInvitation(singleInvitation(contact)).id();
        UUID third = newInvitation(singleInvitation(contact)).id();
        Api.revoke(second).statusCode(200);

        asStaff().queryParam("contactId", contact.toString()).get("/invitations").then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.id", contains(third.toString(), second.toString(), first.toString()))
                .body("items[0].code", nullValue());
        asStaff().queryParam("contactId", contact.toString()).queryParam("status", "REVOKED").get("/invitations").then()
                .body("items.id", contains(second.toString()));
        asStaff().queryParam("contactId", contact.toString()).queryParam("status", "created").get("/invitations").then()
                .body("items.id", contains(third.toString(), first.toString()));
        asStaff().queryParam("contactId", contact.toString()).queryParam("size", 2).queryParam("page", 1).get("/invitations").then()
                .body("total", equalTo(3))
                .body("items.id", contains(first.toString()));
        asStaff().queryParam("status", "REVOKED").get("/invitations").then()
                .body("items.status", everyItem(equalTo("REVOKED")));
    }

    @Test
    void badListFiltersAreRefusedNamingTheParameter() {
        asStaff().queryParam("status", "LOST").get("/invitations").then()
                .statusCode(400)
                .body("errors.field", contains("status"));
        asStaff().queryParam("contactId", "not-a-uuid").get("/invitations").then()
                .statusCode(400)
                .body("errors.field", contains("contactId"));
    }

    private static void assertNoInvitationFor(UUID contact) {
        asStaff().queryParam("contactId", contact.toString()).get("/invitations").then()
                .statusCode(200)
                .body("total", equalTo(0))
                .body("items", not(hasItem(notNullValue())));
    }
}
