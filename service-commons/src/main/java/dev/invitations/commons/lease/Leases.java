package dev.invitations.commons.lease;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The leased work queue idiom: rows of a table are the queue, and a worker claims some by writing its owner id and a
 * short lease on them. A heartbeat of the live process renews the leases of what it is still working on, so slow work
 * never loses its claim, while a killed process's claims run out at most one lease after its last heartbeat and any
 * instance takes them over.
 *
 * <p>Only the rows a worker of this process holds right now are renewed, not every row naming this owner: a claim whose
 * work ended without releasing it runs out like a dead process's, instead of being renewed for ever. {@link LeasedWorkQueue}
 * schedules the claiming, the work and the heartbeat; each queue brings only the SQL of its table.
 */
public final class Leases {

    /** One id per process start, shared by every queue of the process so that its logs and rows name it alike. */
    private static final UUID PROCESS = UUID.randomUUID();

    private final String name;
    private final UUID owner;
    private final Duration lease;
    private final Duration heartbeatInterval;
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();

    /**
     * @param name the queue, as its keys are named in errors and logs, e.g. {@code outbox.relay}
     * @throws IllegalStateException when the heartbeat is not shorter than the lease: a live process's claims would run
     *         out between two heartbeats and another instance would do its work a second time
     */
    public Leases(String name, Duration lease, Duration heartbeatInterval) {
        this(name, PROCESS, lease, heartbeatInterval);
    }

    /**
     * Claims as {@code owner} rather than as this process: for a test that stands for several instances in one JVM.
     */
    public Leases(String name, UUID owner, Duration lease, Duration heartbeatInterval) {
        if (heartbeatInterval.compareTo(lease) >= 0) {
            throw new IllegalStateException(name + ".heartbeat-interval (" + heartbeatInterval + ") must be shorter than "
                    + name + ".lease (" + lease + "): otherwise the claims of a live process run out between two"
                    + " heartbeats and another instance does their work a second time");
        }
        this.name = name;
        this.owner = owner;
        this.lease = lease;
        this.heartbeatInterval = heartbeatInterval;
    }

    /** The id this process claims rows with. */
    public UUID owner() {
        return owner;
    }

    public Duration lease() {
        return lease;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** When a claim taken or renewed at {@code now} runs out. */
    public Instant expiry(Instant now) {
        return now.plus(lease);
    }

    /** Claims a worker of this process holds from now on, until it {@link #released releases} them. */
    public void holding(Collection<UUID> ids) {
        held.addAll(ids);
    }

    public void released(Collection<UUID> ids) {
        held.removeAll(ids);
    }

    /** The rows this process works on: its own claiming must not take them over should their lease lapse. */
    public UUID[] held() {
        return held.toArray(UUID[]::new);
    }

    public String describe() {
        return name + " claims are made as " + owner + " (lease " + lease + ", renewed every " + heartbeatInterval + ")";
    }

    /**
     * One heartbeat: {@code renewal} gets the held ids and must extend only the rows this owner still holds (a claim
     * that ran out while the database was away, and was taken over, stays with its new holder). A failure is logged
     * and left to the next heartbeat.
     */
    public Uni<Void> renew(Function<UUID[], Uni<?>> renewal) {
        UUID[] ids = held();
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> renewal.apply(ids))
                .onFailure().invoke(e -> Log.warnf("Renewing the %s claims on %d rows failed, the next heartbeat tries again: %s",
                        name, ids.length, e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
