package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.testsupport.TestIdentityProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The one place the real servers are attached and the test tokens are trusted; the resources then apply to every test
 * class of the module.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfrastructureTestResource.class)
@QuarkusTestResource(TestIdentityProvider.class)
class NotificationServiceBootTest {

    @Test
    void serviceIsReadyWithDatabaseAndKafkaChecked() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void schemaIsMigratedWithTheDefaultSendInvitationTemplate() {
        asStaff().when().get("/templates/send-invitation")
                .then().statusCode(200)
                .body("key", equalTo("send-invitation"))
                .body("active", equalTo(true))
                .body("htmlBody", org.hamcrest.Matchers.containsString("{redemptionUrl}"))
                .body("textBody", org.hamcrest.Matchers.containsString("{invitation.code}"));
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.keySet()", hasItems("/templates", "/templates/{key}", "/templates/{key}/activate",
                        "/templates/{key}/deactivate", "/templates/{key}/versions", "/templates/{key}/preview",
                        "/deliveries", "/deliveries/summary", "/deliveries/progress", "/deliveries/{id}"))
                .body("tags.name", hasItem("Templates"));
    }
}
