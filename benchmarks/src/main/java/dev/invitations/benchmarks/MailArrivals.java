package dev.invitations.benchmarks;

import java.time.Instant;
import java.util.Map;

/**
 * What arrived at the SMTP server for one mail domain, per recipient: how many mails and when the first one did. The
 * bulk send and the SMTP ceiling count lost and duplicated emails and their arrival times from it.
 */
interface MailArrivals extends AutoCloseable {

    /** Recipients that received at least one mail. */
    int distinctRecipients();

    Map<String, Integer> mailsPerRecipient();

    Map<String, Instant> firstReceivedAt();

    /** Counts everything the server accepted before this call: the figures above are final afterwards. */
    void finish();

    /** Stops collecting, without the final count if {@link #finish()} was not called. */
    @Override
    void close();
}
