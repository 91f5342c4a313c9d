package dev.invitations.workflowservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.postgres.MigrationHistory;
import dev.invitations.testsupport.TestIdentityProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service starts against the real PostgreSQL and Kafka and trusts the test tokens; the resources serve every test
 * class of the module.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfrastructureTestResource.class)
@QuarkusTestResource(TestIdentityProvider.class)
class WorkflowServiceBootTest {

    @Test
    void serviceIsReadyWithItsDatabaseAndKafka() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(
                        "Reactive PostgreSQL connections health check",
                        "Kafka connection health check",
                        "SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void flywayHasAppliedTheSharedAndTheServiceSchema() throws SQLException {
        assertEquals(List.of("0.1", "0.2", "0.3", "0.4", "0.5", "1", "2", "3"), MigrationHistory.appliedVersions(LocalInfrastructureTestResource.endpoints(), "workflow"));
        asStaff().get("/workflows").then().statusCode(200);
        asStaff().get("/workflow-runs").then().statusCode(200);
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body("paths.keySet()", hasItems("/workflows", "/workflows/{id}", "/workflows/{id}/versions/{version}",
                        "/workflows/{id}/activate", "/workflows/{id}/deactivate",
                        "/workflow-runs", "/workflow-runs/{id}", "/workflow-runs/{id}/retry"))
                .body("paths.'/workflows/{id}'.put.summary", notNullValue())
                .body("paths.'/workflows/{id}'.put.requestBody.content.'application/yaml'", notNullValue())
                .body("paths.'/workflows/{id}'.put.responses.'400'.content.'application/problem+json'", notNullValue())
                .body("paths.'/workflow-runs/{id}/retry'.post.responses.'409'.description", notNullValue());
    }
}
