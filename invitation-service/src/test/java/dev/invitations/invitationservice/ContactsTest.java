package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.contact;
import static dev.invitations.invitationservice.Api.createContact;
import static dev.invitations.invitationservice.Api.uniqueEmail;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ContactsTest {

    @Test
    void createdContactIsReadBackAtItsLocation() {
        String email = uniqueEmail("ada");
        Map<String, Object> body = contact("Ada Lovelace", email);
        body.put("emailAddress2", "ada.home@example.org");
        body.put("locale", "en-GB");
        String location = createContact(body)
                .statusCode(201)
                .header("Location", containsString("/contacts/"))
                .body("fullName", equalTo("Ada Lovelace"))
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        asStaff().get(location).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("emailAddress1", equalTo(email))
                .body("emailAddress2", equalTo("ada.home@example.org"))
                .body("emailAddress3", nullValue())
                .body("locale", equalTo("en-GB"));
    }

    @Test
    void contactIsFoundByAnyOfItsAddressesIgnoringCase() {
        String primary = uniqueEmail("grace");
        String third = uniqueEmail("grace.alt");
        Map<String, Object> body = contact("Grace Hopper", primary);
        body.put("emailAddress3", third);
        String id = createContact(body).statusCode(201).extract().path("id");

        asStaff().queryParam("email", primary.toUpperCase(Locale.ROOT)).get("/contacts").then()
                .statusCode(200)
                .body("items.id", contains(id))
                .body("total", equalTo(1));
        asStaff().queryParam("email", third).get("/contacts").then()
                .body("items.id", contains(id));
    }

    @Test
    void contactIsFoundByPartOfItsNameIgnoringCaseAndTheTypedWildcardsMatchOnlyThemselves() {
        String surname = "Hopper" + UUID.randomUUID().toString().substring(0, 8);
        String grace = createContact(contact("Grace " + surname, uniqueEmail("grace"))).statusCode(201).extract().path("id");
        String walter = createContact(contact("Walter " + surname, uniqueEmail("walter"))).statusCode(201).extract().path("id");
        String percent = createContact(contact("100% " + surname, uniqueEmail("percent"))).statusCode(201).extract().path("id");

        asStaff().queryParam("name", surname.toUpperCase(Locale.ROOT)).get("/contacts").then()
                .statusCode(200).body("items.id", contains(grace, walter, percent)).body("total", equalTo(3));
        asStaff().queryParam("name", "grace " + surname.toLowerCase(Locale.ROOT)).get("/contacts").then()
                .body("items.id", contains(grace));
        asStaff().queryParam("name", "% " + surname).get("/contacts").then().body("items.id", contains(percent));
        asStaff().queryParam("name", "_race " + surname).get("/contacts").then().body("total", equalTo(0));
        asStaff().queryParam("name", surname).queryParam("email", uniqueEmail("nobody")).get("/contacts").then()
                .body("total", equalTo(0));
    }

    @Test
    void aNameFilterLongerThanANameIsRefused() {
        asStaff().queryParam("name", "x".repeat(201)).get("/contacts").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void updateReplacesTheContactsDetails() {
        UUID id = Api.newContact("Alan Turing");
        String newEmail = uniqueEmail("alan.new");
        Map<String, Object> update = contact("Alan M. Turing", newEmail);
        update.put("locale", "en");

        asStaff().contentType(ContentType.JSON).body(update).put("/contacts/{id}", id).then()
                .statusCode(200)
                .body("fullName", equalTo("Alan M. Turing"))
                .body("emailAddress1", equalTo(newEmail));
        asStaff().get("/contacts/{id}", id).then()
                .body("fullName", equalTo("Alan M. Turing"))
                .body("locale", equalTo("en"));
    }

    @Test
    void invalidContactIsRefusedNamingEachFieldAndNothingIsStored() {
        String email = uniqueEmail("not-stored");
        Map<String, Object> body = contact(" ", email);
        body.put("emailAddress2", "not-an-address");
        body.put("locale", "english please");

        createContact(body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", contains("emailAddress2", "fullName", "locale"));
        asStaff().queryParam("email", email).get("/contacts").then().body("total", equalTo(0));
    }

    @Test
    void primaryAddressBelongsToOneContactOnly() {
        String email = uniqueEmail("twin");
        String first = createContact(contact("First Twin", email)).statusCode(201).extract().path("id");

        createContact(contact("Second Twin", email.toUpperCase(Locale.ROOT)))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(first))
                .body("errors.field", contains("emailAddress1"));
        asStaff().queryParam("email", email).get("/contacts").then().body("items.fullName", contains("First Twin"));
    }

    @Test
    void contactWithoutPrimaryAddressCanBeStoredButNotInvited() {
        Map<String, Object> body = contact("No Mail", null);
        String id = createContact(body).statusCode(201).body("emailAddress1", nullValue()).extract().path("id");

        Api.createInvitation(Api.singleInvitation(UUID.fromString(id)))
                .statusCode(400)
                .body("errors.field", contains("invitedContactIds[0]"))
                .body("errors.message", hasItem(containsString("emailAddress1")));
    }

    @Test
    void unknownContactIsNotFound() {
        asStaff().get("/contacts/{id}", UUID.randomUUID()).then()
                .statusCode(404)
                .contentType("application/problem+json");
        asStaff().contentType(ContentType.JSON).body(contact("Nobody", uniqueEmail("nobody")))
                .put("/contacts/{id}", UUID.randomUUID()).then()
                .statusCode(404);
    }

    @Test
    void malformedJsonIsABadRequest() {
        asStaff().contentType(ContentType.JSON).body("{\"fullName\": ").post("/contacts").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("Malformed JSON"));
    }

    @Test
    void identityFilterNeedsBothProviderAndSubject() {
        asStaff().queryParam("identityProvider", "https://login.example.org").get("/contacts").then()
                .statusCode(400)
                .body("errors.field", contains("identitySubject"));
    }

    @Test
    void contactsAreListedPageByPage() {
        asStaff().queryParam("size", 2).get("/contacts").then()
                .statusCode(200)
                .body("size", equalTo(2))
                .body("items.size()", org.hamcrest.Matchers.lessThanOrEqualTo(2))
                .body("page", equalTo(0));
        asStaff().queryParam("size", 500).get("/contacts").then()
                .statusCode(400)
                .body("errors.field", contains("size"))
                .body("errors.message", contains(endsWith("200")));
    }
}
