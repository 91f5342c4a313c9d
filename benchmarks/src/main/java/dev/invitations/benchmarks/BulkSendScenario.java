package dev.invitations.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.contract.Topics;
import dev.invitations.portalclient.PortalClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Issue 8, scenario 1: N SINGLE invitations (one contact each) are created, then bulk-sent the way an operator sends a
 * selection, at most {@value #MAX_IDS_PER_SEND} per call (invitation-service's limit). Measured: how long until the SMTP
 * server has accepted every email, the rate, the latency from the send call to the mailbox for each invitation, the
 * services' memory, and that exactly N distinct emails arrived.
 *
 * <p>An invitation's latency starts when the bulk-send call that carried it was made (its emails can arrive before the
 * call of 10,000 returns) and ends at the mail's receipt time at the SMTP server; both clocks are this machine's.
 */
final class BulkSendScenario {

    static final int MAX_IDS_PER_SEND = 10_000;
    /**
     * Invitations sent and mailed before the measured campaign: the first email also waits for the consumer group to
     * take up a new topic and for cold code paths, which is start-up, not sending.
     */
    static final int WARM_UP = 50;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** No new email for this long means some will never come: the report then says how many did. */
    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);
    private static final Duration WARM_UP_LIMIT = Duration.ofMinutes(2);
    /** After the last email, how long the consumer may take to commit its offsets: then no resend can be under way. */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
    private static final String CONSUMER_GROUP = "notification-service";

    /**
     * @param emails                  invitations sent, so emails expected
     * @param sendCalls               each bulk-send call: its size, the service's answer and how long it took
     * @param received                distinct recipients that received an email
     * @param lost                    invitations whose recipient received nothing
     * @param duplicates              emails beyond the first to one recipient
     * @param secondsUntilAllAccepted from the first send call until the SMTP server held the last first email
     * @param emailsPerSecond         emails / secondsUntilAllAccepted
     * @param steadyEmailsPerSecond   the rate between the 10th and the 90th percentile of arrivals (no ramp-up or tail)
     * @param sendToMailbox           per invitation: its send call made -> its email stored by the SMTP server
     * @param complete                every email arrived before the deadline, and the notification consumer settled
     */
    record Result(int emails, double setupSeconds, List<SendCall> sendCalls, int received, int lost, int duplicates,
                  double secondsUntilAllAccepted, double emailsPerSecond, double steadyEmailsPerSecond,
                  Latencies sendToMailbox, boolean complete, ProcessMonitor.Usage resources) {

        boolean correct() {
            return lost == 0 && duplicates == 0 && sendCalls.stream().allMatch(call -> call.rejected() == 0);
        }
    }

    record SendCall(int invitations, int accepted, int recipients, int rejected, double seconds) {
    }

    private final PortalSystem system;
    private final PortalClient client;
    private final Deadline deadline;
    private final PrintStream out;

    BulkSendScenario(PortalSystem system, PortalClient client, Deadline deadline, PrintStream out) {
        this.system = system;
        this.client = client;
        this.deadline = deadline;
        this.out = out;
    }

    Result run(int emails, String tag) {
        out.printf("%nBulk send: %,d invitations%n  setup%n", emails);
        Fixtures fixtures = new Fixtures(client, tag, deadline, out);
        long setupStarted = System.nanoTime();
        // Indexes 0 to WARM_UP - 1 are the warm-up's; the campaign is WARM_UP to WARM_UP + emails - 1.
        UUID[] contacts = fixtures.contacts(WARM_UP + emails);
        UUID[] invitations = fixtures.singleInvitations(contacts);
        double setupSeconds = (System.nanoTime() - setupStarted) / 1e9;

        Instant[] sentAt = new Instant[WARM_UP + emails];
        List<SendCall> calls = new ArrayList<>();
        try (MailArrivals mails = system.mailArrivals(fixtures.mailDomain(), deadline, out);
             ConsumerLag lag = new ConsumerLag(system.infrastructure())) {
            out.printf("  warm-up: %d invitations%n", WARM_UP);
            client.sendAll(Arrays.asList(invitations).subList(0, WARM_UP));
            if (!awaitEmails(mails, WARM_UP, deadline.within(WARM_UP_LIMIT), -1, out)) {
                throw new IllegalStateException("The warm-up's " + WARM_UP + " emails did not all arrive within "
                        + WARM_UP_LIMIT.toMinutes() + " min (" + mails.distinctRecipients() + " did): is the system mailing?");
            }
            out.printf("  sending %,d invitations in calls of at most %,d%n", emails, MAX_IDS_PER_SEND);
            try (ProcessMonitor monitor = ProcessMonitor.start(system.processes())) {
                for (int from = WARM_UP; from < WARM_UP + emails && !deadline.passed(); from += MAX_IDS_PER_SEND) {
                    int to = Math.min(WARM_UP + emails, from + MAX_IDS_PER_SEND);
                    Instant callMade = Instant.now();
                    long started = System.nanoTime();
                    JsonNode answer = client.sendAll(Arrays.asList(invitations).subList(from, to));
                    Arrays.fill(sentAt, from, to, callMade);
                    calls.add(new SendCall(to - from, answer.path("accepted").asInt(), answer.path("recipients").asInt(),
                            answer.path("rejected").size(), round((System.nanoTime() - started) / 1e9)));
                }
                awaitEmails(mails, WARM_UP + emails, deadline, WARM_UP, out);
                ProcessMonitor.Usage resources = monitor.finish();
                // Every email is in, but a consumer batch redelivered now would send duplicates: wait until the
                // consumer has committed everything, then count once more.
                boolean settled = lag.awaitCaughtUp(Topics.INVITATION_SENT, deadline.within(SETTLE_LIMIT), CONSUMER_GROUP);
                mails.finish();
                return result(emails, fixtures, setupSeconds, calls, sentAt, mails, settled, resources);
            }
        }
    }

    private Result result(int emails, Fixtures fixtures, double setupSeconds, List<SendCall> calls, Instant[] sentAt,
            MailArrivals mails, boolean settled, ProcessMonitor.Usage resources) {
        Map<String, Integer> perRecipient = mails.mailsPerRecipient();
        Map<String, Instant> firstReceived = mails.firstReceivedAt();
        long[] latencies = new long[emails];
        long[] arrivals = new long[emails];
        int received = 0;
        for (int index = WARM_UP; index < WARM_UP + emails; index++) {
            Instant arrived = firstReceived.get(fixtures.address(index));
            if (arrived != null && sentAt[index] != null) {
                latencies[received] = Duration.between(sentAt[index], arrived).toMillis();
                arrivals[received] = arrived.toEpochMilli();
                received++;
            }
        }
        int duplicates = perRecipient.values().stream().mapToInt(count -> count - 1).sum();
        boolean complete = received == emails && settled;
        long firstCall = Arrays.stream(sentAt).filter(Objects::nonNull).mapToLong(Instant::toEpochMilli)
                .min().orElse(0);
        long[] sortedArrivals = Arrays.copyOf(arrivals, received);
        Arrays.sort(sortedArrivals);
        double allAccepted = received == emails && received > 0 ? (sortedArrivals[received - 1] - firstCall) / 1000.0 : Double.NaN;
        return new Result(emails, round(setupSeconds), List.copyOf(calls), received, emails - received, duplicates,
                round(allAccepted), round(emails / allAccepted), round(steadyRate(sortedArrivals)),
                Latencies.ofMillis(Arrays.copyOf(latencies, received)), complete, resources);
    }

    /** Arrivals between the 10th and the 90th percentile, per second of the time between them. */
    private static double steadyRate(long[] sortedArrivalMillis) {
        int n = sortedArrivalMillis.length;
        if (n < 20) {
            return Double.NaN;
        }
        int low = n / 10;
        int high = n - 1 - n / 10;
        long span = sortedArrivalMillis[high] - sortedArrivalMillis[low];
        return span <= 0 ? Double.NaN : (high - low) * 1000.0 / span;
    }

    /**
     * Waits until {@code count} recipients have mail; false if the deadline came first or the mail stopped coming.
     * Prints progress every few seconds unless {@code progressFrom} is negative, counting arrivals beyond that many
     * (a warm-up's are not the campaign's).
     */
    static boolean awaitEmails(MailArrivals mails, int count, Deadline until, int progressFrom, PrintStream out) {
        long nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
        int seen = mails.distinctRecipients();
        long lastProgress = System.nanoTime();
        while (seen < count) {
            if (!until.pause(Duration.ofMillis(100))) {
                return false;
            }
            int now = mails.distinctRecipients();
            if (now > seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                out.printf("    no new email for %d min: %,d of %,d arrived%n", STALL_LIMIT.toMinutes(), seen, count);
                return false;
            }
            if (progressFrom >= 0 && System.nanoTime() > nextReport) {
                out.printf("    %,d of %,d emails received%n", seen - progressFrom, count - progressFrom);
                nextReport += PROGRESS_EVERY.toNanos();
            }
        }
        return true;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
