package dev.invitations.invitationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.postgres.MigrationHistory;
import dev.invitations.testsupport.SignatureProvider;
import dev.invitations.testsupport.TestIdentityProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The service starts against the real PostgreSQL and Kafka, and these resources serve every test class of the module. */
@QuarkusTest
@QuarkusTestResource(LocalInfrastructureTestResource.class)
@QuarkusTestResource(OwnerServicesDouble.class)
@QuarkusTestResource(TestIdentityProvider.class)
class InvitationServiceBootTest {

    /** crypto-support's NativeCrypto ran at start: the bearer tokens' signatures are checked natively. */
    @Test
    void tokenSignaturesAreCheckedByTheNativeProviderWhereItLoads() throws NoSuchAlgorithmException {
        SignatureProvider.assertNativeWhereItsLibraryLoads();
    }

    @Test
    void serviceIsReadyWithItsDatabaseAndKafka() {
        asStaff().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(
                        "Reactive PostgreSQL connections health check",
                        "Kafka connection health check",
                        "SmallRye Reactive Messaging - readiness check"));
    }

    /**
     * The tests name no trace collector, so tracing-support's TracingSwitch keeps the SDK off: no span is recorded and
     * no exporter sends to Quarkus' default OTLP address. Its value, not a mapping default, decides.
     */
    @Test
    void tracingIsOffWhereNoCollectorIsNamed() {
        ConfigValue disabled = ConfigProvider.getConfig().getConfigValue("quarkus.otel.sdk.disabled");
        assertEquals("true", disabled.getValue());
        assertTrue(disabled.getSourceName().contains("TracingSwitch"), disabled.getSourceName());
    }

    @Test
    void flywayHasAppliedTheSharedAndTheServiceSchema() throws SQLException {
        assertEquals(List.of("0.1", "0.2", "0.3", "0.4", "0.5", "1", "2", "3", "4", "4.1", "5", "6", "7"), MigrationHistory.appliedVersions(LocalInfrastructureTestResource.endpoints(), "invitation"));
        asStaff().get("/invitations").then().statusCode(200).body("total", notNullValue());
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        asStaff().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body("paths.keySet()", hasItems("/contacts", "/contacts/{id}", "/invitations", "/invitations/{id}",
                        "/invitations/{id}/revoke", "/invitations/{id}/expiry", "/invitations/{id}/redemptions", "/invitations/{id}/send",
                        "/invitations/send", "/invitations/redeem"))
                .body("paths.'/invitations/redeem'.post.summary", notNullValue())
                .body("paths.'/invitations/redeem'.post.responses.'410'.content.'application/problem+json'", notNullValue())
                .body("paths.'/invitations/send'.post.responses.'202'.description", notNullValue())
                .body("paths.'/invitations'.post.parameters.name", hasItems("Idempotency-Key"))
                .body("paths.'/invitations/{id}/send'.post.parameters.name", hasItems("id", "Idempotency-Key"))
                .body("paths.'/invitations/send'.post.parameters.name", hasItems("Idempotency-Key"));
    }
}
