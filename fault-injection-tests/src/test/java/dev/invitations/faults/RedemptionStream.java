package dev.invitations.faults;

import dev.invitations.faults.Workload.Redeemable;
import dev.invitations.faults.Workload.Redeemer;
import dev.invitations.localinfra.system.LocalSystem;
import dev.invitations.portalclient.PortalClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every redeemer redeems every invitation's code once, in a shuffled order, from a few portal clients at a time, as
 * the Invite Redemption Page would for that many people: a stream of redemptions a fault can hit in the middle.
 * Each attempt's outcome is kept: the HTTP status, or the failure of a call that got no answer.
 */
final class RedemptionStream implements AutoCloseable {

    private static final int CLIENTS = 8;
    private static final Duration LIMIT = Duration.ofMinutes(2);
    /** The same order on every run, so that a failure can be replayed. */
    private static final long SHUFFLE_SEED = 16;

    /** One redemption tried: {@code status} 0 when no answer came (refused, reset, timed out). */
    record Outcome(Redeemable invitation, Redeemer redeemer, int status, UUID contactId, String failure) {
        boolean redeemed() {
            return status == 200;
        }
    }

    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger redeemed = new AtomicInteger();
    private final int attempts;

    private RedemptionStream(int attempts) {
        this.attempts = attempts;
    }

    static RedemptionStream start(PortalClient portal, Workload.Redemptions redemptions) {
        List<Runnable> attempts = new ArrayList<>();
        RedemptionStream stream = new RedemptionStream(redemptions.count());
        for (Redeemable invitation : redemptions.invitations()) {
            for (Redeemer redeemer : redemptions.redeemers()) {
                attempts.add(() -> stream.attempt(portal, invitation, redeemer));
            }
        }
        Collections.shuffle(attempts, new Random(SHUFFLE_SEED));
        attempts.forEach(stream.clients::execute);
        stream.clients.shutdown();
        return stream;
    }

    private void attempt(PortalClient portal, Redeemable invitation, Redeemer redeemer) {
        try {
            String token = portal.logins().portalUser(redeemer.email(), redeemer.fullName());
            PortalClient.Reply reply = portal.redeemAs(token, invitation.code());
            UUID contact = reply.status() == 200 ? UUID.fromString(reply.body().path("contactId").asText()) : null;
            outcomes.add(new Outcome(invitation, redeemer, reply.status(), contact, reply.status() == 200 ? null
                    : reply.body().path("detail").asText(reply.body().toString())));
            if (reply.status() == 200) {
                redeemed.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // The cause says what happened to the call: refused, reset, timed out.
            outcomes.add(new Outcome(invitation, redeemer, 0, null, e.getCause() == null ? e.toString()
                    : e.getClass().getSimpleName() + " <- " + e.getCause()));
        }
    }

    int attempts() {
        return attempts;
    }

    /** Redemptions answered 200 so far. */
    int redeemed() {
        return redeemed.get();
    }

    /** Waits until {@code count} redemptions were answered 200. */
    RedemptionStream awaitRedeemed(int count, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (redeemed() < count) {
            if (System.nanoTime() > deadline || clients.isTerminated()) {
                throw new AssertionError("Only " + redeemed() + " of the " + count + " redemptions awaited were made: "
                        + outcomes.stream().filter(outcome -> !outcome.redeemed()).limit(3).toList());
            }
            Polling.pause();
        }
        return this;
    }

    /** Waits until every attempt has its outcome, and returns them all. */
    List<Outcome> finish(Duration limit) {
        try {
            if (!clients.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The redemptions did not end within " + limit.toSeconds() + " s: "
                        + outcomes.size() + " of " + attempts + " done");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while redeeming", e);
        }
        return List.copyOf(outcomes);
    }

    /** A stream of redemptions during which a service was killed and started again. */
    record Interrupted(List<Outcome> outcomes, int redeemedAtKill, double restartSeconds, Instant restarted) {
    }

    /**
     * Redeems every invitation once per redeemer while {@code service} is killed ({@code kill -9}) once
     * {@code killAfter} redemptions went through, and started again at once; redemptions go on meanwhile.
     */
    static Interrupted killingMidway(FaultSystem.Running running, LocalSystem.Service service, int killAfter,
                                     Workload.Redemptions redemptions) throws IOException {
        try (RedemptionStream stream = start(running.portal(), redemptions)) {
            stream.awaitRedeemed(killAfter, LIMIT);
            running.system().kill(service);
            int redeemedAtKill = stream.redeemed();
            long restartStarted = System.nanoTime();
            running.system().restart(service);
            Instant restarted = Instant.now();
            double restartSeconds = (System.nanoTime() - restartStarted) / 1e9;
            return new Interrupted(stream.finish(LIMIT), redeemedAtKill, restartSeconds, restarted);
        }
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }
}
