package dev.invitations.redemptionservice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.testsupport.TestIdentityProvider;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Starts the real PostgreSQL and Kafka once for every test class of the module, and makes the service trust the test
 * tokens (neither resource is restricted, so both apply to every test class).
 */
@QuarkusTest
@QuarkusTestResource(LocalInfrastructureTestResource.class)
@QuarkusTestResource(TestIdentityProvider.class)
class RedemptionServiceBootTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void serviceIsReadyWithDatabaseAndKafkaChecked() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "SmallRye Reactive Messaging - readiness check"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data.'invitations-redeemed'",
                        startsWith("[OK]"));
    }

    @Test
    void flywayCreatedTheServiceSchemaNextToTheSharedTables() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select table_name from information_schema.tables where table_schema = 'redemption' order by table_name")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        assertThat(tables, hasItems("account", "web_role", "contact_access", "contact_web_role", "redemption_activity",
                "redemption_activity_web_role", "outbox_event", "processed_event", "flyway_schema_history"));
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        given().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("paths.keySet()", hasItems("/accounts", "/accounts/{id}", "/web-roles", "/web-roles/{id}",
                        "/contacts/{contactId}/access", "/redemption-activities"))
                .body("paths.'/web-roles/{id}'.keySet()", hasItem("delete"));
    }
}
