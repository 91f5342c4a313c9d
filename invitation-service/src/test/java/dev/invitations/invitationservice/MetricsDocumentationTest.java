package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.redeem;
import static dev.invitations.invitationservice.Api.redeemAs;
import static dev.invitations.invitationservice.Api.send;
import static dev.invitations.invitationservice.Api.singleInvitation;

import dev.invitations.testsupport.DocumentedMetrics;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** docs/metrics.md cannot drift: what it lists for invitation-service is served at /q/metrics once the service worked. */
@QuarkusTest
class MetricsDocumentationTest {

    @Test
    void everyDocumentedMetricIsExposedAfterAnInvitationIsCreatedSentAndRedeemed() {
        UUID contact = newContact("Mia Metrics");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        send(invitation.id()).statusCode(202);
        redeem(redeemAs(invitation.code(), contact)).statusCode(200);

        // The relay publishes within its tick, the backlog gauge refreshes on its own interval (1 s in the tests).
        DocumentedMetrics.assertAllExposed("invitation-service", true, Duration.ofSeconds(30));
    }
}
