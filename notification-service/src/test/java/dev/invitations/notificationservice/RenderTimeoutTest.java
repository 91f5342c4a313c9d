package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's time limit. A template slow enough to pass the default two seconds within the loop and output limits
 * would make a slow test, so this class sets the limit to one nanosecond: every rendering that reads a value is over
 * it by the time it reads the first one, deterministically, whatever the machine's speed.
 */
@QuarkusTest
@TestProfile(RenderTimeoutTest.OneNanosecond.class)
class RenderTimeoutTest {

    public static class OneNanosecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notification.templates.render-timeout", "PT0.000000001S");
        }
    }

    @Test
    void templateThatRendersTooLongIsRefusedAndNothingIsStored() {
        String key = "test-" + UUID.randomUUID().toString().substring(0, 13);
        asStaff().contentType(ContentType.JSON).body(Templates.body("Hello {recipient.name}", "<p>x</p>", "x"))
                .when().put("/templates/" + key)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("subject"))
                .body("errors[0].message", containsString("longer than the limit of 1 ns (notification.templates.render-timeout)"));
        asStaff().when().get("/templates/" + key).then().statusCode(404);
    }

    @Test
    void previewIsHeldToTheSameLimit() {
        asStaff().contentType(ContentType.JSON).body("{}").when().post("/templates/send-invitation/preview")
                .then().statusCode(400)
                .body("detail", containsString("(notification.templates.render-timeout)"));
        asStaff().when().get("/templates/send-invitation/versions").then().statusCode(200).body("size()", equalTo(1));
    }
}
