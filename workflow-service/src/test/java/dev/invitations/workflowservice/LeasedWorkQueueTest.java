package dev.invitations.workflowservice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.commons.lease.LeasedWorkQueue;
import dev.invitations.commons.lease.Leases;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service-commons leased work queue on the real PostgreSQL, over a probe table of its own, with workers that stand
 * for separate instances (each claims under its own owner id): a full batch is followed by the next claim at once, two
 * workers on one queue never process an item twice nor one worker two batches at once, and a stopped worker's claims
 * are left alone while its heartbeat renews them and taken over once they ran out.
 */
@QuarkusTest
class LeasedWorkQueueTest {

    private static final Duration AN_HOUR = Duration.ofHours(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    Vertx vertx;

    @Inject
    Pool database;

    private final String queueName = "probe-" + UUID.randomUUID();
    private final List<LeasedWorkQueue<UUID>> workers = new ArrayList<>();

    @BeforeEach
    void probeTable() {
        database.query("""
                create table if not exists leased_queue_probe (id uuid primary key, queue text not null, claimed_by uuid,
                claimed_until timestamptz, done_at timestamptz)""").execute().await().atMost(TIMEOUT);
        database.query("""
                create table if not exists leased_queue_probe_work (id uuid not null, queue text not null, worker uuid not null)""")
                .execute().await().atMost(TIMEOUT);
    }

    @AfterEach
    void stopAndForget() {
        workers.forEach(LeasedWorkQueue::stop);
        database.preparedQuery("delete from leased_queue_probe where queue = $1").execute(Tuple.of(queueName)).await().atMost(TIMEOUT);
        database.preparedQuery("delete from leased_queue_probe_work where queue = $1").execute(Tuple.of(queueName)).await().atMost(TIMEOUT);
    }

    /** The tick is an hour away: only the drain that follows a full batch can take the second and third. */
    @Test
    void aFullBatchIsFollowedByTheNextClaimAtOnce() {
        insertItems(25);
        Probe probe = new Probe(done -> Uni.createFrom().voidItem());
        LeasedWorkQueue<UUID> worker = worker(probe, leases(Duration.ofSeconds(20), Duration.ofSeconds(5)),
                LeasedWorkQueue.Schedule.batches(AN_HOUR, 10, AN_HOUR));

        worker.start();
        worker.wake();

        await().atMost(TIMEOUT).until(() -> processed().size() == 25);
        assertEquals(List.of(10, 10, 5), probe.claimed, "one claim per batch, the next at once while the last was full");
        assertEquals(25, processed().values().stream().mapToLong(List::size).sum(), "each item once");
    }

    @Test
    void twoWorkersOnOneQueueNeverProcessAnItemTwice() {
        insertItems(200);
        // Each batch takes a few milliseconds, so that the two workers' claims overlap.
        Function<UUID, Uni<Void>> slowly = done -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(5));
        Probe first = new Probe(slowly);
        Probe second = new Probe(slowly);
        LeasedWorkQueue.Schedule schedule = LeasedWorkQueue.Schedule.batches(Duration.ofMillis(20), 7, AN_HOUR);
        LeasedWorkQueue<UUID> one = worker(first, leases(Duration.ofSeconds(20), Duration.ofSeconds(5)), schedule);
        LeasedWorkQueue<UUID> other = worker(second, leases(Duration.ofSeconds(20), Duration.ofSeconds(5)), schedule);

        one.start();
        other.start();
        one.wake();
        other.wake();

        await().atMost(TIMEOUT).until(() -> done() == 200);
        Map<UUID, List<UUID>> processed = processed();
        assertEquals(200, processed.size());
        assertTrue(processed.values().stream().allMatch(workers -> workers.size() == 1), "no item processed twice: " + processed);
        assertEquals(1, first.mostBatchesAtOnce.get(), "one batch at a time in a worker");
        assertEquals(1, second.mostBatchesAtOnce.get(), "one batch at a time in a worker");
        assertTrue(first.claimed.stream().mapToInt(Integer::intValue).sum() > 0 && second.claimed.stream().mapToInt(Integer::intValue).sum() > 0,
                "both workers took part: " + first.claimed + " / " + second.claimed);
    }

    /**
     * The first worker's work never ends, as if it hung: while it lives its heartbeat keeps the claims past their first
     * expiry and the second worker leaves them; once it is stopped (no more heartbeats, as after a crash) they run out
     * and the second worker processes them.
     */
    @Test
    void aStoppedWorkersClaimsAreTakenOverAfterTheLease() {
        List<UUID> items = insertItems(5);
        Probe hanging = new Probe(done -> Uni.createFrom().nothing());
        Leases hangingLeases = leases(Duration.ofSeconds(2), Duration.ofMillis(300));
        LeasedWorkQueue<UUID> crashing = worker(hanging, hangingLeases, LeasedWorkQueue.Schedule.batches(AN_HOUR, 10, AN_HOUR));
        crashing.start();
        crashing.wake();
        await().atMost(TIMEOUT).until(() -> claimedBy(hangingLeases.owner()) == 5);
        OffsetDateTime firstExpiry = firstExpiry(items);

        Probe taker = new Probe(done -> Uni.createFrom().voidItem());
        LeasedWorkQueue<UUID> survivor = worker(taker, leases(Duration.ofSeconds(2), Duration.ofMillis(300)),
                LeasedWorkQueue.Schedule.batches(Duration.ofMillis(100), 10, AN_HOUR));
        survivor.start();
        await().atMost(TIMEOUT).until(() -> databasePassed(firstExpiry.plus(Duration.ofMillis(500))));
        assertEquals(5, claimedBy(hangingLeases.owner()), "renewed by the live worker's heartbeat, not taken over");
        assertEquals(0, done());

        crashing.stop();

        await().atMost(TIMEOUT).until(() -> done() == 5);
        assertEquals(items.stream().sorted().toList(), processed().keySet().stream().sorted().toList());
        assertTrue(processed().values().stream().allMatch(workers -> workers.equals(List.of(taker.owner))),
                "processed by the worker that took over only: " + processed());
    }

    private Leases leases(Duration lease, Duration heartbeat) {
        return new Leases(queueName, UUID.randomUUID(), lease, heartbeat);
    }

    private LeasedWorkQueue<UUID> worker(Probe probe, Leases leases, LeasedWorkQueue.Schedule schedule) {
        probe.owner = leases.owner();
        LeasedWorkQueue<UUID> worker = new LeasedWorkQueue<>(queueName, vertx, leases, schedule, probe);
        workers.add(worker);
        return worker;
    }

    private List<UUID> insertItems(int count) {
        List<UUID> ids = IntStream.range(0, count).mapToObj(i -> UUID.randomUUID()).toList();
        database.preparedQuery("insert into leased_queue_probe (id, queue) select unnest($1::uuid[]), $2")
                .execute(Tuple.of(ids.toArray(UUID[]::new), queueName)).await().atMost(TIMEOUT);
        return ids;
    }

    private long done() {
        return single("select count(*) from leased_queue_probe where queue = $1 and done_at is not null", Tuple.of(queueName)).getLong(0);
    }

    private long claimedBy(UUID owner) {
        return single("select count(*) from leased_queue_probe where queue = $1 and claimed_by = $2 and done_at is null",
                Tuple.of(queueName, owner)).getLong(0);
    }

    private OffsetDateTime firstExpiry(List<UUID> items) {
        return single("select max(claimed_until) from leased_queue_probe where id = any($1)", Tuple.of(items.toArray(UUID[]::new)))
                .getOffsetDateTime(0);
    }

    /** The database's clock, which the leases run on. */
    private boolean databasePassed(OffsetDateTime instant) {
        return single("select now() > $1", Tuple.of(instant)).getBoolean(0);
    }

    /** Each processed item and the workers that processed it, in order. */
    private Map<UUID, List<UUID>> processed() {
        List<Row> rows = new ArrayList<>();
        database.preparedQuery("select id, worker from leased_queue_probe_work where queue = $1").execute(Tuple.of(queueName))
                .await().atMost(TIMEOUT).forEach(rows::add);
        return rows.stream().collect(Collectors.groupingBy(row -> row.getUUID("id"),
                Collectors.mapping(row -> row.getUUID("worker"), Collectors.toList())));
    }

    private Row single(String sql, Tuple arguments) {
        return database.preparedQuery(sql).execute(arguments).await().atMost(TIMEOUT).iterator().next();
    }

    /** A queue of the probe table, as a service's queue is of its own table: only the SQL and the work. */
    private final class Probe implements LeasedWorkQueue.Queue<UUID> {

        private final Function<UUID, Uni<Void>> work;
        final List<Integer> claimed = new CopyOnWriteArrayList<>();
        final AtomicInteger mostBatchesAtOnce = new AtomicInteger();
        private final AtomicInteger batchesNow = new AtomicInteger();
        volatile UUID owner;

        Probe(Function<UUID, Uni<Void>> work) {
            this.work = work;
        }

        @Override
        public Uni<List<UUID>> claim(int limit, Leases leases) {
            return database.withTransaction(connection -> connection.preparedQuery("""
                            update leased_queue_probe set claimed_by = $1, claimed_until = now() + make_interval(secs => $2)
                            where id in (select id from leased_queue_probe where queue = $3 and done_at is null
                                and (claimed_until is null or claimed_until < now()) and not (id = any($4))
                                order by id limit $5 for update skip locked)
                            returning id""")
                            .execute(Tuple.of(leases.owner(), leases.lease().toMillis() / 1000.0, queueName, leases.held(), limit)))
                    .map(rows -> {
                        List<UUID> ids = new ArrayList<>();
                        rows.forEach(row -> ids.add(row.getUUID(0)));
                        if (!ids.isEmpty()) {
                            claimed.add(ids.size());
                        }
                        return ids;
                    });
        }

        @Override
        public UUID id(UUID item) {
            return item;
        }

        @Override
        public Uni<Void> process(List<UUID> items) {
            mostBatchesAtOnce.accumulateAndGet(batchesNow.incrementAndGet(), Math::max);
            return Uni.join().all(items.stream().map(work).toList()).andFailFast()
                    .flatMap(ignored -> database.withTransaction(connection -> connection.preparedQuery("""
                                    insert into leased_queue_probe_work (id, queue, worker) select unnest($1::uuid[]), $2, $3""")
                            .execute(Tuple.of(items.toArray(UUID[]::new), queueName, owner))
                            .flatMap(inserted -> connection.preparedQuery("""
                                            update leased_queue_probe set done_at = now(), claimed_by = null, claimed_until = null
                                            where id = any($1)""")
                                    .execute(Tuple.of(items.toArray(UUID[]::new))))))
                    .onTermination().invoke(batchesNow::decrementAndGet)
                    .replaceWithVoid();
        }

        @Override
        public Uni<?> renew(UUID[] ids, Leases leases) {
            return database.preparedQuery("""
                            update leased_queue_probe set claimed_until = now() + make_interval(secs => $1)
                            where id = any($2) and claimed_by = $3 and done_at is null""")
                    .execute(Tuple.of(leases.lease().toMillis() / 1000.0, ids, leases.owner()));
        }
    }
}
