package dev.invitations.benchmarks;

import dev.invitations.contract.Topics;
import dev.invitations.portalclient.PortalClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Issue 8, scenario 2: M concurrent clients redeem codes, as the portal's Invite Redemption Page does for each visitor.
 * <ol>
 * <li>warm-up: a few hundred redemptions, not measured, so that the JIT and the connection pools are past their start;</li>
 * <li>race: every client at once on a few GROUP invitations with small maxima, each tried by {@code contenders} distinct
 * contacts: the successes on each must equal its maximum exactly, and the invitation must show that count;</li>
 * <li>rush: {@code redemptions} redemptions spread over {@value #OPEN_INVITATIONS} open GROUP invitations, in random
 * order: the redemption rate and the latency of each call.</li>
 * </ol>
 * Then it waits until redemption-service and workflow-service have applied every InvitationRedeemed, so that what
 * follows starts from a quiet system, and reports how long that took after the rush.
 */
final class RedemptionScenario {

    static final int OPEN_INVITATIONS = 100;
    static final List<Integer> CONTENDED_MAXIMA = List.of(1, 3, 10, 50);
    private static final int WARM_UP_INVITATIONS = 5;
    private static final int WARM_UP_PER_INVITATION = 100;
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(3);
    /** The same shuffles every run, so that two runs differ by the system, not by the order of their calls. */
    private static final long SHUFFLE_SEED = 8;

    /**
     * @param statuses             HTTP status of every call made (-1: no answer)
     * @param redemptionsPerSecond successful redemptions per second of the phase
     */
    record Phase(int attempts, int completed, Map<Integer, Integer> statuses, double seconds,
                 double redemptionsPerSecond, Latencies latency) {
    }

    /**
     * @param successes  redemptions that answered 200
     * @param conflicts  redemptions refused with 409
     * @param others     any other answer, or none
     * @param countShown the invitation's redemptionCount as invitation-service shows it afterwards
     */
    record Contended(UUID invitationId, int maxRedemptions, int contenders, int successes, int conflicts, int others,
                     int countShown) {

        boolean exact() {
            return successes == maxRedemptions && countShown == maxRedemptions && others == 0;
        }
    }

    /**
     * @param effectsAppliedSecondsAfterRush when both consumers had committed every InvitationRedeemed, counted from
     *                                       the end of the rush (NaN if not within the limit)
     */
    record Result(int redeemers, Phase race, List<Contended> contended, Phase rush, double effectsAppliedSecondsAfterRush,
                  boolean complete, ProcessMonitor.Usage resources) {

        boolean correct() {
            return contended.stream().allMatch(Contended::exact) && rush.statuses().keySet().stream().allMatch(status -> status == 200);
        }
    }

    private record Attempt(String code, String login, int contended) {
    }

    private final PortalSystem system;
    private final PortalClient client;
    private final Deadline deadline;
    private final PrintStream out;

    RedemptionScenario(PortalSystem system, PortalClient client, Deadline deadline, PrintStream out) {
        this.system = system;
        this.client = client;
        this.deadline = deadline;
        this.out = out;
    }

    Result run(int redeemers, int redemptions, int contenders, String tag) {
        int contactCount = Math.max(contenders, Math.max(WARM_UP_PER_INVITATION, ceilDiv(redemptions, OPEN_INVITATIONS)));
        out.printf("%nRedemption: %d concurrent clients; race of %d contacts on GROUP invitations with maxima %s; rush of %,d"
                + " redemptions over %d GROUP invitations%n  setup%n", redeemers, contenders, CONTENDED_MAXIMA, redemptions,
                OPEN_INVITATIONS);
        Fixtures fixtures = new Fixtures(client, tag, deadline, out);
        UUID[] contacts = fixtures.contacts(contactCount);
        String[] logins = fixtures.portalLogins(contactCount);
        UUID account = fixtures.account();
        UUID webRole = fixtures.webRole("member");
        Fixtures.Created[] warmUp = fixtures.groupInvitations("warm-up",
                Collections.nCopies(WARM_UP_INVITATIONS, contactCount), contacts[0], account, webRole);
        Fixtures.Created[] open = fixtures.groupInvitations("open", Collections.nCopies(OPEN_INVITATIONS, contactCount),
                contacts[0], account, webRole);
        List<Fixtures.Created> contended = List.of(fixtures.groupInvitations("contended", CONTENDED_MAXIMA, contacts[0],
                account, webRole));

        Random random = new Random(SHUFFLE_SEED);
        List<Attempt> warmUpAttempts = new ArrayList<>();
        for (Fixtures.Created invitation : warmUp) {
            for (int c = 0; c < WARM_UP_PER_INVITATION; c++) {
                warmUpAttempts.add(new Attempt(invitation.code(), logins[c], -1));
            }
        }
        Collections.shuffle(warmUpAttempts, random);
        List<Attempt> raceAttempts = new ArrayList<>();
        for (int h = 0; h < contended.size(); h++) {
            for (int c = 0; c < contenders; c++) {
                raceAttempts.add(new Attempt(contended.get(h).code(), logins[c], h));
            }
        }
        Collections.shuffle(raceAttempts, random);
        List<Attempt> rushAttempts = new ArrayList<>();
        for (int k = 0; k < redemptions; k++) {
            rushAttempts.add(new Attempt(open[k % OPEN_INVITATIONS].code(), logins[k / OPEN_INVITATIONS], -1));
        }
        Collections.shuffle(rushAttempts, random);

        out.printf("  warm-up: %,d redemptions%n", warmUpAttempts.size());
        redeemAll("warm-up", warmUpAttempts, redeemers, null);
        try (ProcessMonitor monitor = ProcessMonitor.start(system.processes());
             ConsumerLag lag = new ConsumerLag(system.infrastructure())) {
            out.printf("  race: %,d redemptions of %d contended invitations%n", raceAttempts.size(), contended.size());
            int[][] outcomes = new int[contended.size()][3];
            Phase race = redeemAll("race", raceAttempts, redeemers, outcomes);
            out.printf("  rush: %,d redemptions%n", rushAttempts.size());
            Phase rush = redeemAll("rush", rushAttempts, redeemers, null);
            long rushEnded = System.nanoTime();
            boolean caughtUp = lag.awaitCaughtUp(Topics.INVITATION_REDEEMED, deadline.within(CATCH_UP_LIMIT),
                    "redemption-service", "workflow-service");
            double appliedAfter = caughtUp ? BulkSendScenario.round((System.nanoTime() - rushEnded) / 1e9) : Double.NaN;
            List<Contended> races = new ArrayList<>();
            for (int h = 0; h < contended.size(); h++) {
                int shown = client.invitation(contended.get(h).id()).path("redemptionCount").asInt(-1);
                races.add(new Contended(contended.get(h).id(), CONTENDED_MAXIMA.get(h), contenders, outcomes[h][0],
                        outcomes[h][1], outcomes[h][2], shown));
            }
            boolean complete = race.completed() == race.attempts() && rush.completed() == rush.attempts() && caughtUp;
            return new Result(redeemers, race, List.copyOf(races), rush, appliedAfter, complete, monitor.finish());
        }
    }

    /**
     * The attempts on {@code clients} threads, each call timed on its own. {@code outcomes[h]} counts, for contended
     * invitation h, the 200s, the 409s and the rest.
     */
    private Phase redeemAll(String name, List<Attempt> attempts, int clients, int[][] outcomes) {
        int n = attempts.size();
        long[] latencies = new long[n];
        int[] statuses = new int[n];
        long started = System.nanoTime();
        int completed = Workers.run(name, n, clients, deadline, index -> {
            Attempt attempt = attempts.get(index);
            long begun = System.nanoTime();
            int status;
            try {
                status = client.redeemAs(attempt.login(), attempt.code()).status();
            } catch (RuntimeException noAnswer) {
                status = -1;
            }
            latencies[index] = System.nanoTime() - begun;
            statuses[index] = status;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Integer, Integer> histogram = new TreeMap<>();
        List<Long> answered = new ArrayList<>();
        int successes = 0;
        for (int i = 0; i < n; i++) {
            if (latencies[i] == 0) {
                continue;
            }
            histogram.merge(statuses[i], 1, Integer::sum);
            answered.add(latencies[i]);
            successes += statuses[i] == 200 ? 1 : 0;
            Attempt attempt = attempts.get(i);
            if (outcomes != null && attempt.contended() >= 0) {
                outcomes[attempt.contended()][statuses[i] == 200 ? 0 : statuses[i] == 409 ? 1 : 2]++;
            }
        }
        return new Phase(n, completed, histogram, BulkSendScenario.round(seconds),
                BulkSendScenario.round(successes / seconds),
                Latencies.ofNanos(answered.stream().mapToLong(Long::longValue).toArray()));
    }

    private static int ceilDiv(int dividend, int divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
