package dev.invitations.invitationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Limits on what one request may ask for: how deep a list is paged, and how large a body is. */
@QuarkusTest
class RequestLimitsTest {

    @Test
    void listsArePagedNoDeeperThanTheMaximumOffset() {
        asStaff().queryParam("page", 50).queryParam("size", 200).get("/invitations").then().statusCode(200);
        asStaff().queryParam("page", 51).queryParam("size", 200).get("/invitations").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("page"))
                .body("detail", containsString("10000"));
        asStaff().queryParam("page", 10_000).queryParam("size", 1).get("/contacts").then().statusCode(200);
        asStaff().queryParam("page", 10_001).queryParam("size", 1).get("/contacts").then()
                .statusCode(400)
                .body("errors.field", contains("page"));
    }

    /** Refused from its declared length, before the body is read, and as a problem document like every refusal. */
    @Test
    void aBodyOverTheLimitIsRefused413() {
        String twoMegabytes = "{\"fullName\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        asStaff().contentType(ContentType.JSON).body(twoMegabytes).post("/contacts").then().statusCode(413)
                .contentType("application/problem+json").body("status", equalTo(413));
        asStaff().queryParam("size", 1).get("/contacts").then().statusCode(200);
    }
}
