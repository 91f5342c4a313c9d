package dev.invitations.invitationservice;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
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
        return given().contentType(ContentType.JSON).body(body).post("/contacts").then();
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
        return given().contentType(ContentType.JSON).body(body).post("/invitations").then();
    }

    public static Invitation newInvitation(Map<String, Object> body) {
        var created = createInvitation(body).statusCode(201).extract();
        return new Invitation(UUID.fromString(created.path("id")), created.path("code"));
    }

    public static ValidatableResponse getInvitation(UUID id) {
        return given().get("/invitations/{id}", id).then();
    }

    public static ValidatableResponse send(UUID invitationId) {
        return given().post("/invitations/{id}/send", invitationId).then();
    }

    public static ValidatableResponse sendMany(List<?> invitationIds) {
        return given().contentType(ContentType.JSON).body(Map.of("invitationIds", invitationIds)).post("/invitations/send").then();
    }

    public static ValidatableResponse revoke(UUID invitationId) {
        return given().post("/invitations/{id}/revoke", invitationId).then();
    }

    public static ValidatableResponse redeem(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/invitations/redeem").then();
    }

    public static Map<String, Object> redeemAs(String code, UUID contactId) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("contactId", contactId);
        return body;
    }

    public static Map<String, Object> redeemAsRegistrant(String code, String fullName, String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("registrant", Map.of("fullName", fullName, "emailAddress", email));
        return body;
    }

    public static String inSeconds(long seconds) {
        return Instant.now().plusSeconds(seconds).toString();
    }

    public record Invitation(UUID id, String code) {
    }

    private Api() {
    }
}
