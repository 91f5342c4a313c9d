package dev.invitations.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.Topics;
import dev.invitations.localinfra.system.LocalSystem.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: {@code kill -9} of invitation-service while its outbox relay publishes a bulk send's InvitationSent events.
 * The rows the dead relay had claimed are published again once their lease runs out (repeats on the topic are
 * allowed: they carry the same event id, and notification-service takes each id once), so every contact gets exactly
 * one email and every invited contact's delivery status comes back DELIVERED.
 */
@Order(2)
@ExtendWith(FaultSystem.class)
class InvitationServiceKilledTest {

    private static final int EMAILS = 2_000;
    private static final Duration PUBLISH_LIMIT = Duration.ofSeconds(60);
    /** The relay's claim lease (20 s after the dead relay's last renewal), then the mailing itself. */
    private static final Duration AFTER_RESTART_LIMIT = Duration.ofMinutes(2);

    @Test
    void killedMidRelayMailsEveryContactExactlyOnce(FaultSystem.Running running) throws Exception {
        Campaign campaign = Campaign.prepare(running, "invitation-kill", EMAILS);
        try (TopicRecords topic = new TopicRecords(running.system().infrastructure())) {
            long before = topic.count(Topics.INVITATION_SENT);
            campaign.send();
            long deadline = System.nanoTime() + PUBLISH_LIMIT.toNanos();
            // The first relayed batch is on the topic: the relay is at work, the rest of its rows still to publish.
            while (topic.count(Topics.INVITATION_SENT) == before) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Nothing was published within " + PUBLISH_LIMIT.toSeconds() + " s");
                }
                Thread.onSpinWait();
            }
            running.system().kill(Service.INVITATION);
            long publishedAtKill = topic.count(Topics.INVITATION_SENT) - before;
            long restartStarted = System.nanoTime();
            running.system().restart(Service.INVITATION);
            Instant restarted = Instant.now();
            double restartSeconds = (System.nanoTime() - restartStarted) / 1e9;

            campaign.mails().awaitDistinct(EMAILS, AFTER_RESTART_LIMIT);
            Campaign.Totals deliveries = campaign.awaitSettled(AFTER_RESTART_LIMIT);
            long delivered = awaitDeliveredStatuses(running, campaign, AFTER_RESTART_LIMIT);
            MailTally mails = campaign.mails().drain();
            long published = topic.count(Topics.INVITATION_SENT) - before;

            System.out.printf("[invitation-kill] %,d emails; killed with %,d of %,d events published; restart %.1f s;"
                            + " after it every email in %.1f s; %,d events on the topic (%,d published again);"
                            + " %,d distinct emails, %d duplicates; %,d invited contacts DELIVERED; deliveries %s%n",
                    EMAILS, publishedAtKill, EMAILS, restartSeconds,
                    Duration.between(restarted, mails.lastReceivedAt()).toMillis() / 1000.0, published,
                    published - EMAILS, mails.distinct(), mails.duplicates(), delivered, deliveries);
            assertEquals(EMAILS, mails.distinct(), "every contact received the email");
            assertEquals(0, mails.duplicates(), "no contact received it twice");
            assertEquals(new Campaign.Totals(EMAILS, 0, EMAILS, 0), deliveries, "one delivery per event, each SENT");
            assertEquals(EMAILS, delivered, "every invited contact's status is DELIVERED");
            assertTrue(published >= EMAILS, "every event published: " + published);
        }
    }

    /** Waits until invitation-service shows every invited contact DELIVERED; returns how many it shows so. */
    private static long awaitDeliveredStatuses(FaultSystem.Running running, Campaign campaign, Duration limit) {
        return Polling.until(limit, () -> campaign.invitations().stream()
                .flatMap(invitation -> StreamSupport.stream(
                        running.portal().invitation(invitation).path("invitedContacts").spliterator(), false))
                .filter(invited -> invited.path("deliveryStatus").asText().equals("DELIVERED")).count(),
                delivered -> delivered == EMAILS);
    }
}
