package dev.invitations.invitationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;

import dev.invitations.commons.security.Roles;
import dev.invitations.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The service's HTTP API as the tests call it: small builders for request bodies and the calls themselves. */
public final class Api {

    public static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID() + "@example.org";
    }

    public static Map<String, Object> contact(String fullName, String emailAddress1) {
        Map<String, Object> body = new HashMap<>();
        body.put("fullName", fullName);
        body.put("emailAddress1", emailAddress1);
        return body;
    }

    public static ValidatableResponse createContact(Map<String, Object> body) {
        return asStaff().contentType(ContentType.JSON).body(body).post("/contacts").then();
    }

    /** A new contact with a unique primary address; returns its id. */
    public static UUID newContact(String fullName) {
        return UUID.fromString(createContact(contact(fullName, uniqueEmail(fullName.toLowerCase().replace(' ', '.'))))
                .statusCode(201).extract().path("id"));
    }

    public static Map<String, Object> singleInvitation(UUID contactId) {
        return invitation("SINGLE", List.of(contactId));
    }

    public static Map<String, Object> groupInvitation(List<UUID> contactIds) {
        return invitation("GROUP", contactIds);
    }

    private static Map<String, Object> invitation(String type, List<UUID> contactIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", type + " invitation " + UUID.randomUUID());
        body.put("type", type);
        body.put("owner", Map.of("name", "Olivia Owner", "email", "owner@example.org"));
        body.put("invitedContactIds", contactIds);
        return body;
    }

    public static ValidatableResponse createInvitation(Map<String, Object> body) {
        return asStaff().contentType(ContentType.JSON).body(body).post("/invitations").then();
    }

    public static Invitation newInvitation(Map<String, Object> body) {
        var created = createInvitation(body).statusCode(201).extract();
        return new Invitation(UUID.fromString(created.path("id")), created.path("code"));
    }

    public static ValidatableResponse getInvitation(UUID id) {
        return asStaff().get("/invitations/{id}", id).then();
    }

    public static ValidatableResponse send(UUID invitationId) {
        return asStaff().post("/invitations/{id}/send", invitationId).then();
    }

    public static ValidatableResponse sendMany(List<?> invitationIds) {
        return asStaff().contentType(ContentType.JSON).body(Map.of("invitationIds", invitationIds)).post("/invitations/send").then();
    }

    public static ValidatableResponse revoke(UUID invitationId) {
        return asStaff().post("/invitations/{id}/revoke", invitationId).then();
    }

    /** {@code expiresAt}: an ISO instant, or null for no expiry. */
    public static ValidatableResponse extend(UUID invitationId, Object expiresAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("expiresAt", expiresAt);
        return asStaff().contentType(ContentType.JSON).body(body).put("/invitations/{id}/expiry", invitationId).then();
    }

    public static ValidatableResponse redeem(Redemption redemption) {
        return given().auth().oauth2(redemption.token()).contentType(ContentType.JSON).body(redemption.body())
                .post("/invitations/redeem").then();
    }

    /** The contact's own portal login redeems: its verified email is the contact's primary address. */
    public static Redemption redeemAs(String code, UUID contactId) {
        var contact = asStaff().get("/contacts/{id}", contactId).then().extract();
        String email = contact.path("emailAddress1");
        String fullName = contact.path("fullName");
        return new Redemption(code, TestTokens.portalUser(loginOf(contactId), fullName, email == null ? "none@example.org" : email));
    }

    /** Someone new signs in to the portal with this verified address and redeems. */
    public static Redemption redeemAsRegistrant(String code, String fullName, String email) {
        return new Redemption(code, TestTokens.portalUser("login-" + UUID.randomUUID(), fullName, email));
    }

    /**
     * The header in which a service names the person it looks a code up for; written out, like the problem types,
     * because the Invite Redemption Page relies on it.
     */
    public static final String PORTAL_CLIENT_ADDRESS = "X-Portal-Client-Address";

    /** What the Invite Redemption Page does: it looks a code up with its own service token, for the person at this address. */
    public static ValidatableResponse lookUpFor(String personAddress, String code) {
        return lookUp(TestTokens.withRoles(Roles.SERVICE), personAddress, Map.of("code", code));
    }

    /** A lookup with this bearer token that names no person. */
    public static ValidatableResponse lookUp(String token, Map<String, ?> body) {
        return lookUp(token, null, body);
    }

    /** A lookup with this bearer token, naming the person's address (which only a service is believed). */
    public static ValidatableResponse lookUp(String token, String personAddress, Map<String, ?> body) {
        RequestSpecification request = given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
        if (personAddress != null) {
            request = request.header(PORTAL_CLIENT_ADDRESS, personAddress);
        }
        return request.post("/invitations/lookup").then();
    }

    /** The subject of the portal login {@link #redeemAs} uses for a contact. */
    public static String loginOf(UUID contactId) {
        return "login-of-" + contactId;
    }

    /** A redemption call: the code in the body, the redeemer in the bearer token. */
    public record Redemption(String code, String token) {

        public Map<String, Object> body() {
            return Map.of("code", code);
        }

        public Redemption withToken(String otherToken) {
            return new Redemption(code, otherToken);
        }

        public Redemption withCode(String otherCode) {
            return new Redemption(otherCode, token);
        }
    }

    /**
     * The problem type of a refusal with a kind of its own: written out, not taken from the service's code, because the
     * slugs are a contract with the Invite Redemption Page.
     */
    public static String problemType(String slug) {
        return "urn:portal-invitations:problem:" + slug;
    }

    public static String inSeconds(long seconds) {
        return Instant.now().plusSeconds(seconds).toString();
    }

    public record Invitation(UUID id, String code) {
    }

    private Api() {
    }
}
