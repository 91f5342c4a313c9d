package dev.invitations.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.portalclient.PortalClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A bulk send with a fixed number of emails, each to a contact of its own: {@code emails} contacts invited by GROUP
 * invitations of 1,000, all sent by one bulk-send call, as an operator sends a selection. Counted at the end from the
 * mail server (distinct recipients, duplicates) and from notification-service's deliveries (one per email, each SENT).
 */
final class Campaign {

    private static final Duration SUMMARY_POLL = Duration.ofSeconds(1);

    private final PortalClient portal;
    private final int emails;
    private final List<UUID> invitations;
    private final MailTally mails;

    private Campaign(PortalClient portal, int emails, List<UUID> invitations, MailTally mails) {
        this.portal = portal;
        this.emails = emails;
        this.invitations = invitations;
        this.mails = mails;
    }

    static Campaign prepare(FaultSystem.Running running, String name, int emails) {
        long started = System.nanoTime();
        Workload workload = new Workload(running.portal(), name);
        List<UUID> invitations = workload.groupInvitationsTo(workload.contacts(emails));
        System.out.printf("[%s] %,d contacts and %d GROUP invitations created in %.1f s%n", name, emails,
                invitations.size(), (System.nanoTime() - started) / 1e9);
        return new Campaign(running.portal(), emails, invitations,
                new MailTally(running.mailbox(), workload.mailDomain()));
    }

    /** The bulk send: every invitation accepted, one email per contact on its way. */
    void send() {
        JsonNode answer = portal.sendAll(invitations);
        if (answer.path("accepted").asInt() != invitations.size() || answer.path("recipients").asInt() != emails) {
            throw new AssertionError("The bulk send did not take every invitation: " + answer);
        }
    }

    MailTally mails() {
        return mails;
    }

    List<UUID> invitations() {
        return invitations;
    }

    /**
     * Waits until every email is recorded SENT and none is still being sent, draining the mailbox meanwhile: from then
     * on nothing can send an email again (a copy comes only from a delivery still SENDING whose lease runs out), so
     * the count that follows is final.
     *
     * @throws AssertionError if {@code limit} passes first, with the deliveries and the mail counted
     */
    Totals awaitSettled(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Totals totals = totals();
            if (totals.sent() == emails && totals.sending() == 0 && mails.distinct() == emails) {
                return totals;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not settled within " + limit.toSeconds() + " s: " + totals + "; " + mails);
            }
            long next = System.nanoTime() + SUMMARY_POLL.toNanos();
            while (System.nanoTime() < next) {
                mails.drain();
                Polling.pause();
            }
        }
    }

    /** notification-service's deliveries of the campaign by status, with the mail counted so far. */
    Totals totals() {
        long total = 0;
        long sending = 0;
        long sent = 0;
        long failed = 0;
        for (UUID invitation : invitations) {
            JsonNode summary = portal.deliverySummary(invitation);
            total += summary.path("total").asLong();
            sending += summary.path("sending").asLong();
            sent += summary.path("sent").asLong();
            failed += summary.path("failed").asLong();
        }
        mails.drain();
        return new Totals(total, sending, sent, failed);
    }

    /** Deliveries: one row per InvitationSent event id, so {@code total} counts the events notification-service took. */
    record Totals(long total, long sending, long sent, long failed) {
    }
}
