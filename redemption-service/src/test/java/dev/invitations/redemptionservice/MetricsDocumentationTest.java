package dev.invitations.redemptionservice;

import static dev.invitations.redemptionservice.PortalFixtures.createAccount;
import static dev.invitations.redemptionservice.PortalFixtures.createWebRole;
import static dev.invitations.redemptionservice.PortalFixtures.publish;
import static dev.invitations.redemptionservice.PortalFixtures.redemption;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.testsupport.DocumentedMetrics;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** docs/metrics.md cannot drift: what it lists for redemption-service is served at /q/metrics once the service worked. */
@QuarkusTest
class MetricsDocumentationTest {

    @Test
    void everyDocumentedMetricIsExposedAfterRedemptionsAreApplied() {
        UUID account = createAccount("Metrics Ltd");
        UUID role = createWebRole("Metrics reader");
        InvitationRedeemed full = redemption(UUID.randomUUID(), UUID.randomUUID(), account, List.of(role));
        // A web role that does not exist: applied in part.
        InvitationRedeemed partial = redemption(UUID.randomUUID(), UUID.randomUUID(), null, List.of(UUID.randomUUID()));
        publish(full, partial);
        // The same event again: skipped by its id.
        publish(full);

        DocumentedMetrics.assertAllExposed("redemption-service", true, Duration.ofSeconds(60));
    }
}
