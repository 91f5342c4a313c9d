package dev.invitations.faults;

import dev.invitations.localinfra.mail.MailReceipt;
import dev.invitations.localinfra.mail.Mailbox;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every email one test's mail domain received, counted as the mail server hands it over: each drain removes what it
 * answers, so adding up the drains counts each email exactly once, however many thousands (docs/benchmarks.md). Not
 * thread-safe: the test's own thread drains, between and during its steps.
 */
final class MailTally {

    private final Mailbox mailbox;
    private final String domain;
    private final Map<String, Integer> perRecipient = new HashMap<>();
    private int emails;
    private Instant lastReceivedAt;

    MailTally(Mailbox mailbox, String domain) {
        this.mailbox = mailbox;
        this.domain = domain;
    }

    /** Takes what arrived since the last drain into the count. */
    MailTally drain() {
        List<MailReceipt> receipts = mailbox.drain(domain);
        for (MailReceipt receipt : receipts) {
            perRecipient.merge(receipt.recipient(), 1, Integer::sum);
            emails++;
            if (lastReceivedAt == null || receipt.receivedAt().isAfter(lastReceivedAt)) {
                lastReceivedAt = receipt.receivedAt();
            }
        }
        return this;
    }

    /** Recipients with at least one email. */
    int distinct() {
        return perRecipient.size();
    }

    /** Emails beyond the first to a recipient. */
    int duplicates() {
        return emails - perRecipient.size();
    }

    /** When the mail server stored the newest email counted; null before any. */
    Instant lastReceivedAt() {
        return lastReceivedAt;
    }

    /**
     * Drains until {@code count} recipients have mail.
     *
     * @throws AssertionError if {@code limit} passes first, with what did arrive
     */
    MailTally awaitDistinct(int count, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (drain().distinct() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Within " + limit.toSeconds() + " s only " + distinct() + " of " + count
                        + " recipients received their email (" + duplicates() + " duplicates so far)");
            }
            Polling.pause();
        }
        return this;
    }

    @Override
    public String toString() {
        return distinct() + " distinct emails, " + duplicates() + " duplicates";
    }
}
