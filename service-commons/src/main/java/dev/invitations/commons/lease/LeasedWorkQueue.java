package dev.invitations.commons.lease;

import dev.invitations.commons.vertx.VertxContexts;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way this project works through a table used as a queue: the outbox relay, notification-service's dispatcher
 * of due deliveries and workflow-service's run dispatcher each implement {@link Queue} (their SQL and their work) and
 * hand the scheduling to this class. The contract they share:
 *
 * <ol>
 * <li><b>Claim</b> up to a batch of items whose lease is free or ran out, except those a worker of this process still
 * holds, with {@code FOR UPDATE SKIP LOCKED} so that replicas claiming at once take different rows, writing this
 * process's owner id ({@link Leases#owner()}) and a short lease on them, in one short transaction.</li>
 * <li><b>Process</b> them outside that transaction. While they are worked on, the heartbeat <b>renews</b> their leases
 * (only rows still this owner's), so slow work never loses its claim.</li>
 * <li>The work <b>completes</b> each item (or releases it for a later round); its claim is dropped from what this
 * process holds whether it succeeded or not: a claim it could not complete runs out like a dead process's.</li>
 * <li>A claim that filled all it asked for means more is waiting: the next round starts <b>at once</b>, as soon as room
 * is free, not at the next tick. A shorter claim waits for the tick (or a {@link #wake()}).</li>
 * <li>One claim at a time: a round asked for while a claim is on its way starts when that claim has returned, and
 * takes every place freed meanwhile in one statement, instead of a claim per freed place.</li>
 * <li>Never twice at once: a {@link Schedule#batches batch} queue works on one batch at a time, a
 * {@link Schedule#oneByOne one-by-one} queue on at most its number of items in flight.</li>
 * <li>At shutdown the timers stop and nothing more is claimed; what is in flight is left to finish or to its lease.
 * A process that crashes stops renewing, its claims run out one lease after its last heartbeat, and any replica (or
 * this one after a restart) takes them over: work is done at least once, and each queue's completion is idempotent
 * or checks its claim.</li>
 * </ol>
 *
 * <p>Timers are Vert.x timers, not {@code @Scheduled}: Quarkus' simple scheduler checks its triggers once a second,
 * which the outbox's 100 ms tick cannot wait for. Every round, every renewal and every one-by-one item runs on a fresh
 * duplicated Vert.x context marked safe, which Hibernate Reactive requires and which keeps concurrent work from sharing
 * a session ({@link VertxContexts#safeDuplicatedContext}, where the Quarkus-internal API this needs is kept).
 *
 * <p>A failed claim (database away) is logged once, then once a minute while it lasts, and retried with a growing
 * pause of at most {@link #MAX_BACKOFF}; work in flight longer than {@link Schedule#stuckAfter} is logged as stuck.
 */
public final class LeasedWorkQueue<T> {

    /** What a queue brings: its SQL and its work. Methods run on a safe duplicated Vert.x context. */
    public interface Queue<T> {

        /**
         * Claims up to {@code limit} items whose lease is free or ran out, except {@link Leases#held()}, as
         * {@link Leases#owner()} until {@link Leases#expiry}. One transaction; {@code FOR UPDATE SKIP LOCKED}.
         */
        Uni<List<T>> claim(int limit, Leases leases);

        /** The row id whose lease the heartbeat renews. */
        UUID id(T item);

        /** Works on claimed items; completes once they need their claims no longer (done, failed or released). */
        Uni<Void> process(List<T> claimed);

        /** Extends the leases of {@code ids} that are still {@link Leases#owner()}'s and not done. */
        Uni<?> renew(UUID[] ids, Leases leases);

        /** False while the queue cannot work yet (the outbox's Kafka channel not connected): the tick is skipped. */
        default boolean ready() {
            return true;
        }
    }

    /**
     * When a queue claims and how much it works on at once.
     *
     * @param tick how often an idle queue looks for due items
     * @param firstTick how long after start it looks first
     * @param batchSize most items one claim takes
     * @param inFlight most items being processed at once
     * @param oneByOne whether each claimed item is processed on its own (and frees its place when done) or the batch
     *        as a whole
     * @param stuckAfter work in flight this long is logged as stuck
     */
    public record Schedule(Duration tick, Duration firstTick, int batchSize, int inFlight, boolean oneByOne, Duration stuckAfter) {

        public Schedule {
            Objects.requireNonNull(tick);
            Objects.requireNonNull(firstTick);
            Objects.requireNonNull(stuckAfter);
            if (batchSize < 1 || inFlight < batchSize) {
                throw new IllegalArgumentException("batch size " + batchSize + " must be at least 1 and at most the " + inFlight
                        + " items in flight");
            }
        }

        /** One batch at a time, processed together: the next claim only once it is done. */
        public static Schedule batches(Duration tick, int batchSize, Duration stuckAfter) {
            return new Schedule(tick, tick, batchSize, batchSize, false, stuckAfter);
        }

        /** Up to {@code inFlight} items each processed on its own; a finished one makes room for the next claim. */
        public static Schedule oneByOne(Duration tick, int inFlight, Duration stuckAfter) {
            return new Schedule(tick, tick, inFlight, inFlight, true, stuckAfter);
        }

        public Schedule firstTickAfter(Duration delay) {
            return new Schedule(tick, delay, batchSize, inFlight, oneByOne, stuckAfter);
        }
    }

    /** A database that is away is asked again after a pause that doubles from the tick up to this. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    private final String name;
    private final Vertx vertx;
    private final Leases leases;
    private final Schedule schedule;
    private final Queue<T> queue;
    private final Semaphore places;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private final AtomicBoolean claiming = new AtomicBoolean();
    /** A round was asked for while a claim was on its way: that claim starts another when it returns. */
    private final AtomicBoolean roundAgain = new AtomicBoolean();
    /** The last claim filled all it asked for: more may be waiting for room. */
    private final AtomicBoolean backlog = new AtomicBoolean();
    private final Set<Work> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile Instant nextFailureLog = Instant.MIN;
    private volatile boolean running;
    private volatile long tickTimer = -1;
    private volatile long heartbeatTimer = -1;

    /**
     * @param name the queue as its settings and logs name it, e.g. {@code outbox.relay}
     * @param leases the claims of this queue's table; another path of the service may hold some too (the heartbeat
     *        renews whatever is held)
     */
    public LeasedWorkQueue(String name, Vertx vertx, Leases leases, Schedule schedule, Queue<T> queue) {
        this.name = name;
        this.vertx = vertx;
        this.leases = leases;
        this.schedule = schedule;
        this.queue = queue;
        this.places = new Semaphore(schedule.inFlight());
    }

    public void start() {
        running = true;
        Log.info(leases.describe());
        tickTimer = vertx.setPeriodic(schedule.firstTick().toMillis(), schedule.tick().toMillis(), tick -> round());
        // Not gated on ready(): a batch claimed before Kafka went away must keep its claims while it waits.
        heartbeatTimer = vertx.setPeriodic(leases.heartbeatInterval().toMillis(), tick -> beat());
    }

    /** Nothing is claimed after this; work in flight finishes, or its claims run out if the process ends first. */
    public void stop() {
        running = false;
        vertx.cancelTimer(tickTimer);
        vertx.cancelTimer(heartbeatTimer);
    }

    /** Looks for work now rather than at the next tick (new items were just committed); returns at once. */
    public void wake() {
        round();
    }

    /** One renewal of what this process holds; public for the tests that check whose claims it renews. */
    public Uni<Void> heartbeat() {
        return leases.renew(ids -> queue.renew(ids, leases));
    }

    /** How many items are being processed right now. */
    public int inFlight() {
        return schedule.inFlight() - places.availablePermits();
    }

    private void round() {
        if (!running || !queue.ready() || Instant.now().isBefore(pausedUntil)) {
            return;
        }
        // Set before the claim is tried: either this round claims, or the claim on its way sees the flag when it ends.
        roundAgain.set(true);
        if (!claiming.compareAndSet(false, true)) {
            return;
        }
        roundAgain.set(false);
        int reserved = reserve();
        if (reserved == 0) {
            claimEnded();
            return;
        }
        Context context = safeContext();
        context.runOnContext(ignored -> Uni.createFrom().deferred(() -> queue.claim(reserved, leases)).subscribe().with(
                claimed -> {
                    claimed(context, claimed, reserved);
                    claimEnded();
                },
                failure -> {
                    places.release(reserved);
                    failed("Claiming", failure);
                    claimEnded();
                }));
    }

    private void claimEnded() {
        claiming.set(false);
        if (roundAgain.get()) {
            round();
        }
    }

    /** A batch queue claims only when nothing is in flight; a one-by-one queue claims for every free place. */
    private int reserve() {
        if (!schedule.oneByOne()) {
            return places.tryAcquire(schedule.batchSize()) ? schedule.batchSize() : 0;
        }
        int reserved = 0;
        while (reserved < schedule.batchSize() && places.tryAcquire()) {
            reserved++;
        }
        return reserved;
    }

    private void claimed(Context context, List<T> claimed, int reserved) {
        recovered();
        backlog.set(claimed.size() == reserved);
        if (claimed.isEmpty()) {
            places.release(reserved);
        } else if (schedule.oneByOne()) {
            places.release(reserved - claimed.size());
            claimed.forEach(item -> safeContext().runOnContext(ignored -> work(List.of(item), 1)));
        } else {
            context.runOnContext(ignored -> work(claimed, reserved));
        }
    }

    private void work(List<T> items, int reserved) {
        List<UUID> ids = items.stream().map(queue::id).toList();
        leases.holding(ids);
        Work work = new Work(ids.size(), Instant.now());
        inFlight.add(work);
        Uni.createFrom().deferred(() -> queue.process(items)).subscribe().with(
                done -> finished(work, ids, reserved, null),
                failure -> finished(work, ids, reserved, failure));
    }

    private void finished(Work work, List<UUID> ids, int reserved, Throwable failure) {
        leases.released(ids);
        inFlight.remove(work);
        places.release(reserved);
        if (work.reportedStuck) {
            Log.infof("%s: %d items stuck earlier finished after %s", name, work.items, Duration.between(work.since, Instant.now()));
        }
        if (failure != null) {
            // Left to the tick: the claims were released or run out, and retrying at once would hammer what failed.
            failed("Processing " + ids.size() + " claimed items", failure);
        } else if (backlog.get()) {
            round();
        }
    }

    private void beat() {
        Instant now = Instant.now();
        for (Work work : inFlight) {
            if (!work.reportedStuck && work.since.plus(schedule.stuckAfter()).isBefore(now)) {
                work.reportedStuck = true;
                Log.warnf("%s: %d claimed items in work for %s already (their leases are still renewed while this process lives)",
                        name, work.items, Duration.between(work.since, now));
            }
        }
        if (leases.held().length == 0 || !renewing.compareAndSet(false, true)) {
            return;
        }
        safeContext().runOnContext(ignored -> heartbeat().subscribe().with(done -> renewing.set(false), failure -> renewing.set(false)));
    }

    private void failed(String what, Throwable failure) {
        int failed = failures.incrementAndGet();
        Duration pause = schedule.tick().multipliedBy(1L << Math.min(failed - 1, 10));
        pausedUntil = Instant.now().plus(pause.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause);
        Instant now = Instant.now();
        if (failed == 1 || now.isAfter(nextFailureLog)) {
            nextFailureLog = now.plus(FAILURE_LOG_INTERVAL);
            Log.warnf("%s: %s failed (%d time(s) in a row), trying again shortly: %s", name, what, failed, failure.toString());
        }
    }

    private void recovered() {
        int failed = failures.getAndSet(0);
        if (failed > 0) {
            pausedUntil = Instant.MIN;
            nextFailureLog = Instant.MIN;
            Log.infof("%s works again after %d failed attempt(s)", name, failed);
        }
    }

    private Context safeContext() {
        return VertxContexts.safeDuplicatedContext(vertx);
    }

    /** One claimed batch, or one item of a one-by-one queue, being processed. */
    private static final class Work {
        final int items;
        final Instant since;
        volatile boolean reportedStuck;

        Work(int items, Instant since) {
            this.items = items;
            this.since = since;
        }
    }
}
