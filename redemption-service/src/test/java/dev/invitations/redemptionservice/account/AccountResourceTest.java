package dev.invitations.redemptionservice.account;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.invitations.commons.problem.Problem;
import dev.invitations.redemptionservice.PortalFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {

    @Test
    void createdAccountIsReadBackByItsId() {
        String id = asStaff().contentType(ContentType.JSON).body(Map.of("name", "  Contoso Ltd  "))
                .post("/accounts")
                .then().statusCode(201)
                .body("name", equalTo("Contoso Ltd"))
                .body("createdAt", notNullValue())
                .extract().path("id");

        asStaff().get("/accounts/{id}", id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("Contoso Ltd"));
    }

    @Test
    void creationAnswersWithTheLocationOfTheNewAccount() {
        var created = asStaff().contentType(ContentType.JSON).body(Map.of("name", "Fabrikam"))
                .post("/accounts")
                .then().statusCode(201)
                .extract();
        String location = created.header("Location");
        assertThat(location, endsWith("/accounts/" + created.path("id")));

        asStaff().get(location).then().statusCode(200).body("name", equalTo("Fabrikam"));
    }

    @Test
    void unknownAccountIsA404Problem() {
        asStaff().get("/accounts/{id}", UUID.randomUUID())
                .then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(404))
                .body("detail", containsString("No account"));
    }

    @Test
    void blankOrOverlongNameIsRefusedNamingTheField() {
        asStaff().contentType(ContentType.JSON).body(Map.of("name", "   "))
                .post("/accounts")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors.field", contains("name"));

        asStaff().contentType(ContentType.JSON).body(Map.of("name", "x".repeat(201)))
                .post("/accounts")
                .then().statusCode(400)
                .body("errors.field", contains("name"));

        asStaff().contentType(ContentType.JSON).body("{\"name\": ")
                .post("/accounts")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void searchFindsNamesContainingTheTextIgnoringCaseAndLiterally() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        PortalFixtures.createAccount("Northwind " + marker + " Traders");
        PortalFixtures.createAccount("NORTHWIND " + marker + " Imports");
        PortalFixtures.createAccount("Southwind " + marker + " 100% Organic");

        asStaff().queryParam("name", "northwind " + marker)
                .get("/accounts")
                .then().statusCode(200)
                .body("name", contains("NORTHWIND " + marker + " Imports", "Northwind " + marker + " Traders"));

        asStaff().queryParam("name", marker + " 100%")
                .get("/accounts")
                .then().statusCode(200)
                .body("name", contains("Southwind " + marker + " 100% Organic"));

        asStaff().queryParam("name", marker + " 1_0%")
                .get("/accounts")
                .then().statusCode(200)
                .body("$", empty());

        asStaff().queryParam("name", marker).queryParam("limit", 2)
                .get("/accounts")
                .then().statusCode(200)
                .body("$", hasSize(2));
    }

    @Test
    void searchLimitOutOfRangeIsRefusedNamingIt() {
        asStaff().queryParam("limit", 0)
                .get("/accounts")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors.field", contains("limit"));
    }
}
