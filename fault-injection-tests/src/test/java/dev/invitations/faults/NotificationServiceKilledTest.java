package dev.invitations.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.localinfra.system.LocalSystem.Service;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: {@code kill -9} of notification-service in the middle of an SMTP batch. Every email goes out; the only
 * copies are those of the emails the SMTP server accepted but the killed process had not recorded yet: at most the
 * 32 in flight on its connections plus the 32 sent but not yet recorded in the current group of outcomes.
 */
@Order(1)
@ExtendWith(FaultSystem.class)
class NotificationServiceKilledTest {

    private static final int EMAILS = 3_000;
    /** About two seconds of sending on this machine: well inside the campaign, with batches in flight. */
    private static final int KILL_AFTER_EMAILS = 500;
    /** 32 emails in flight (notification.delivery.send-concurrency) and 32 sent whose outcomes are not recorded yet. */
    private static final int DUPLICATE_WINDOW = 64;
    private static final Duration MAILING_LIMIT = Duration.ofMinutes(2);
    /** Beyond issue 16's 30 s (printed, not asserted): only a lost email or a stuck lease would take this long. */
    private static final Duration AFTER_RESTART_LIMIT = Duration.ofSeconds(90);

    @Test
    void killedMidBatchLosesNoEmailAndCopiesAtMostTheUnrecordedWindow(FaultSystem.Running running) throws Exception {
        Campaign campaign = Campaign.prepare(running, "notification-kill", EMAILS);
        campaign.send();
        campaign.mails().awaitDistinct(KILL_AFTER_EMAILS, MAILING_LIMIT);

        running.system().kill(Service.NOTIFICATION);
        int beforeKill = campaign.mails().drain().distinct();
        long restartStarted = System.nanoTime();
        running.system().restart(Service.NOTIFICATION);
        Instant restarted = Instant.now();
        double restartSeconds = (System.nanoTime() - restartStarted) / 1e9;

        campaign.mails().awaitDistinct(EMAILS, AFTER_RESTART_LIMIT);
        Campaign.Totals deliveries = campaign.awaitSettled(AFTER_RESTART_LIMIT);
        MailTally mails = campaign.mails().drain();

        System.out.printf("[notification-kill] %,d emails; killed with %,d received; restart %.1f s; after it every"
                        + " email in %.1f s; %,d distinct, %d duplicates (window %d); deliveries %s%n", EMAILS, beforeKill,
                restartSeconds, Duration.between(restarted, mails.lastReceivedAt()).toMillis() / 1000.0, mails.distinct(),
                mails.duplicates(), DUPLICATE_WINDOW, deliveries);
        assertEquals(EMAILS, mails.distinct(), "every contact received the email");
        assertTrue(mails.duplicates() <= DUPLICATE_WINDOW,
                mails.duplicates() + " duplicate emails, more than the " + DUPLICATE_WINDOW + " the design allows");
        assertEquals(new Campaign.Totals(EMAILS, 0, EMAILS, 0), deliveries,
                "one delivery per event, every one SENT, none failed");
    }
}
