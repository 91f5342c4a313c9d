package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Templates through the service's own API, each under a key no other test uses. */
final class Templates {

    static Map<String, Object> body(String subject, String html, String text) {
        return Map.of("subject", subject, "htmlBody", html, "textBody", text);
    }

    /** Creates a template (inactive) and returns its key. */
    static String create(Map<String, ?> body) {
        String key = "test-" + UUID.randomUUID().toString().substring(0, 13);
        asStaff().contentType(ContentType.JSON).body(body).when().put("/templates/" + key).then().statusCode(201);
        return key;
    }

    static void activate(String key) {
        asStaff().when().post("/templates/" + key + "/activate").then().statusCode(200);
    }

    private Templates() {
    }
}
