package dev.invitations.benchmarks;

import dev.invitations.localinfra.mail.MailReceipt;
import dev.invitations.localinfra.mail.Mailbox;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The arrivals at GreenMail (the local infrastructure's mail server), where the tool's {@link SmtpSink} is not the
 * server: with {@code --use-running} (the services mail to the local run's GreenMail) and for
 * {@code --ceiling-mail-server greenmail}. Drains the run's mail domain from GreenMail's inbox on a thread of its own
 * while a campaign goes out, and keeps, for each recipient, how many mails arrived and when the first did. Draining as it goes keeps the mail server's memory
 * flat and each request small, which is what makes 100,000 emails countable.
 */
final class MailCollector implements MailArrivals {

    private static final Duration IDLE_PAUSE = Duration.ofMillis(200);

    private final Mailbox mailbox;
    private final String domain;
    private final Deadline deadline;
    private final PrintStream out;
    private final Map<String, Integer> mailsTo = new HashMap<>();
    private final Map<String, Instant> firstReceivedAt = new HashMap<>();
    private final Thread thread;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean stopped;

    private MailCollector(Mailbox mailbox, String domain, Deadline deadline, PrintStream out) {
        this.mailbox = mailbox;
        this.domain = domain;
        this.deadline = deadline;
        this.out = out;
        this.thread = new Thread(this::drainUntilStopped, "benchmark-mail-collector");
        thread.setDaemon(true);
    }

    static MailCollector start(Mailbox mailbox, String domain, Deadline deadline, PrintStream out) {
        MailCollector collector = new MailCollector(mailbox, domain, deadline, out);
        collector.thread.start();
        return collector;
    }

    @Override
    public synchronized int distinctRecipients() {
        return mailsTo.size();
    }

    @Override
    public synchronized Map<String, Integer> mailsPerRecipient() {
        return Map.copyOf(mailsTo);
    }

    @Override
    public synchronized Map<String, Instant> firstReceivedAt() {
        return Map.copyOf(firstReceivedAt);
    }

    /**
     * Lets the thread finish its drain (interrupting it could lose an answer whose mails the server already removed),
     * then drains once more, so that nothing that arrived before this call goes uncounted. Idempotent.
     */
    @Override
    public void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        stopped = true;
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        add(mailbox.drain(domain));
    }

    /** Stops the thread if {@link #finish()} did not, without the last drain: the count is no longer wanted. */
    @Override
    public void close() {
        stopped = true;
    }

    private void drainUntilStopped() {
        while (!stopped && !deadline.passed()) {
            try {
                if (add(mailbox.drain(domain)) > 0) {
                    continue;
                }
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                out.println("    mailbox drain failed, retrying: " + e.getMessage());
            }
            if (!deadline.pause(IDLE_PAUSE)) {
                return;
            }
        }
    }

    private synchronized int add(List<MailReceipt> receipts) {
        for (MailReceipt receipt : receipts) {
            mailsTo.merge(receipt.recipient(), 1, Integer::sum);
            firstReceivedAt.merge(receipt.recipient(), receipt.receivedAt(),
                    (earlier, later) -> earlier.isBefore(later) ? earlier : later);
        }
        return receipts.size();
    }
}
