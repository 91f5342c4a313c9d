package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;

import dev.invitations.contract.InvitationSent;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.testsupport.DocumentedMetrics;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/metrics.md cannot drift: what it lists for notification-service is served at /q/metrics once it mailed. */
@QuarkusTest
class MetricsDocumentationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    final Mailbox mailbox = LocalInfrastructureTestResource.mailbox();

    @Test
    void everyDocumentedMetricIsExposedAfterAnInvitationIsMailed() {
        InvitationSent event = Invitations.toNewContact(null);
        Invitations.publish(event);
        mailbox.awaitMessagesTo(event.recipient().email(), 1, TIMEOUT);
        // An operator follows the invitation's deliveries: the HTTP metrics' first request.
        asStaff().queryParam("invitationId", event.invitationId()).get("/deliveries/summary").then().statusCode(200);

        DocumentedMetrics.assertAllExposed("notification-service", true, TIMEOUT);
    }
}
