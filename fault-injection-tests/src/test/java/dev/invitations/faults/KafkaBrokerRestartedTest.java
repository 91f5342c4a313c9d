package dev.invitations.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: the Kafka broker restarted in the middle of a 10,000-email bulk send. The relay's unacknowledged batches
 * go out again when the broker is back, the consumers' uncommitted records come again and are recognised by event id:
 * exactly 10,000 distinct emails, none twice.
 */
@Order(6)
@ExtendWith(FaultSystem.class)
class KafkaBrokerRestartedTest {

    private static final int EMAILS = 10_000;
    /** A fifth of the campaign mailed: the rest is on the topic, in the relay or in a consumer's batch. */
    private static final int RESTART_AFTER_EMAILS = 2_000;
    private static final Duration DOWNTIME = Duration.ofSeconds(5);
    private static final Duration MAILING_LIMIT = Duration.ofMinutes(3);

    @Test
    void restartedMidBulkSendMailsEveryContactExactlyOnce(FaultSystem.Running running) throws Exception {
        Campaign campaign = Campaign.prepare(running, "broker-restart", EMAILS);
        Instant sent = Instant.now();
        campaign.send();
        campaign.mails().awaitDistinct(RESTART_AFTER_EMAILS, MAILING_LIMIT);

        int atRestart = campaign.mails().drain().distinct();
        long restartStarted = System.nanoTime();
        running.system().restartKafka(DOWNTIME);
        Instant back = Instant.now();
        double restartSeconds = (System.nanoTime() - restartStarted) / 1e9;

        campaign.mails().awaitDistinct(EMAILS, MAILING_LIMIT);
        Campaign.Totals deliveries = campaign.awaitSettled(MAILING_LIMIT);
        MailTally mails = campaign.mails().drain();
        System.out.printf("[broker-restart] %,d emails; broker restarted with %,d received (stop, %d s down, start: %.1f s);"
                        + " last email %.1f s after it was back, %.1f s after the send; %,d distinct, %d duplicates;"
                        + " deliveries %s%n", EMAILS, atRestart, DOWNTIME.toSeconds(), restartSeconds,
                Duration.between(back, mails.lastReceivedAt()).toMillis() / 1000.0,
                Duration.between(sent, mails.lastReceivedAt()).toMillis() / 1000.0, mails.distinct(), mails.duplicates(),
                deliveries);
        assertEquals(EMAILS, mails.distinct(), "every contact received the email");
        assertEquals(0, mails.duplicates(), "no contact received it twice");
        assertEquals(new Campaign.Totals(EMAILS, 0, EMAILS, 0), deliveries, "one delivery per event, each SENT");
    }
}
