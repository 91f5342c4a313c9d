package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.contact;
import static dev.invitations.invitationservice.Api.createContact;
import static dev.invitations.invitationservice.Api.createInvitation;
import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.lookUpFor;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.problemType;
import static dev.invitations.invitationservice.Api.redeem;
import static dev.invitations.invitationservice.Api.redeemAs;
import static dev.invitations.invitationservice.Api.redeemAsRegistrant;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A GROUP invitation open only to redeemers whose verified address is at one of its email domains. */
@QuarkusTest
class AllowedEmailDomainsTest {

    @Test
    void theDomainsAreKeptLowerCasedAndShownInTheInvitationAndItsPreview() {
        Api.Invitation invitation = newInvitation(restrictedTo("Example.COM", "partner.org"));

        getInvitation(invitation.id()).statusCode(200).body("allowedEmailDomains", contains("example.com", "partner.org"));
        lookUpFor("198.51.100.20", invitation.code()).statusCode(200)
                .body("allowedEmailDomains", contains("example.com", "partner.org"));
    }

    @Test
    void aGroupInvitationWithoutDomainsIsOpenToAnyDomain() {
        Api.Invitation invitation = newInvitation(groupInvitation(List.of(newContact("Olga Open"))));

        getInvitation(invitation.id()).body("allowedEmailDomains", nullValue());
        lookUpFor("198.51.100.21", invitation.code()).body("allowedEmailDomains", nullValue());
        redeem(redeemAsRegistrant(invitation.code(), "Any Domain", Api.uniqueEmail("any").replace("example.org", "anywhere.net")))
                .statusCode(200);
    }

    @Test
    void aRegistrantAtAnAllowedDomainRedeemsWhateverTheCaseOfTheAddress() {
        Api.Invitation invitation = newInvitation(restrictedTo("example.com"));
        String address = "Alma." + UUID.randomUUID() + "@EXAMPLE.Com";

        redeem(redeemAsRegistrant(invitation.code(), "Alma Allowed", address)).statusCode(200);

        getInvitation(invitation.id()).body("redemptionCount", equalTo(1))
                .body("redeemedContacts.emailAddress1", contains(address));
    }

    @Test
    void aRegistrantAtAnotherDomainOrASubdomainIsRefusedAndNothingIsStored() {
        Api.Invitation invitation = newInvitation(restrictedTo("example.com"));

        for (String address : List.of("rudi." + UUID.randomUUID() + "@other.org",
                "sub." + UUID.randomUUID() + "@mail.example.com",
                "tricky." + UUID.randomUUID() + "@example.com.evil.org")) {
            redeem(redeemAsRegistrant(invitation.code(), "Rudi Refused", address)).statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo(problemType("email-domain-not-allowed")))
                    .body("detail", containsString("example.com"));
            asStaff().queryParam("email", address).get("/contacts").then().statusCode(200).body("total", equalTo(0));
        }
        getInvitation(invitation.id()).body("redemptionCount", equalTo(0)).body("redeemedContacts", empty());
        asStaff().get("/invitations/{id}/redemptions", invitation.id()).then().statusCode(200).body("$", empty());
    }

    @Test
    void anInvitedContactAtAnotherDomainIsRefusedToo() {
        UUID invited = newContact("Ines Invited");
        Map<String, Object> body = restrictedTo("example.com");
        body.put("invitedContactIds", List.of(invited));
        Api.Invitation invitation = newInvitation(body);

        redeem(redeemAs(invitation.code(), invited)).statusCode(403)
                .body("type", equalTo(problemType("email-domain-not-allowed")));

        UUID atAllowedDomain = UUID.fromString(createContact(contact("Cora Company", "cora." + UUID.randomUUID() + "@example.com"))
                .statusCode(201).extract().path("id"));
        redeem(redeemAs(invitation.code(), atAllowedDomain)).statusCode(200);
    }

    @Test
    void aSingleInvitationWithAllowedDomainsIsRefusedAtCreation() {
        UUID contact = newContact("Sina Single");
        Map<String, Object> body = singleInvitation(contact);
        body.put("allowedEmailDomains", List.of("example.com"));

        createInvitation(body).statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("allowedEmailDomains"));
        asStaff().queryParam("contactId", contact.toString()).get("/invitations").then().body("total", equalTo(0));
    }

    @Test
    void domainsThatAreNoHostnamesRepeatedTooManyOrNoneAreRefusedNamingTheEntry() {
        UUID contact = newContact("Dora Domains");
        Map<String, Object> body = groupInvitation(List.of(contact));

        body.put("allowedEmailDomains", List.of("example.com", "not a domain", "-dash.org", "user@example.com", "localhost"));
        createInvitation(body).statusCode(400).body("errors.field", containsInAnyOrder(
                "allowedEmailDomains[1]", "allowedEmailDomains[2]", "allowedEmailDomains[3]", "allowedEmailDomains[4]"));

        body.put("allowedEmailDomains", List.of("example.com", "EXAMPLE.com"));
        createInvitation(body).statusCode(400).body("errors.field", contains("allowedEmailDomains[1]"));

        body.put("allowedEmailDomains", IntStream.range(0, 51).mapToObj(i -> "d" + i + ".example.com").toList());
        createInvitation(body).statusCode(400).body("errors.field", contains("allowedEmailDomains"));

        body.put("allowedEmailDomains", Collections.emptyList());
        createInvitation(body).statusCode(400).body("errors.field", contains("allowedEmailDomains"));

        asStaff().queryParam("contactId", contact.toString()).get("/invitations").then().body("total", equalTo(0));
    }

    private static Map<String, Object> restrictedTo(String... domains) {
        Map<String, Object> body = groupInvitation(List.of(newContact("Gus Group")));
        body.put("maxRedemptions", 10);
        body.put("allowedEmailDomains", List.of(domains));
        return body;
    }
}
