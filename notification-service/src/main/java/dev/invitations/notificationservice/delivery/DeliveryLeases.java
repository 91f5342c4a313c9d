package dev.invitations.notificationservice.delivery;

import dev.invitations.notificationservice.NotificationConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's claims on the deliveries it is sending. Each claim names the process (an id drawn at start) and lasts
 * a short lease that a heartbeat renews for as long as the process still sends the delivery, so a slow SMTP exchange
 * never loses its claim, while the claims of a killed process run out one lease after its last heartbeat and any
 * instance's dispatcher takes them over.
 *
 * <p>Only the deliveries a pipeline of this process holds right now are renewed, not every row that names this
 * process: a claim whose pipeline ended without recording it (it should not happen, but if it does) then runs out
 * like a dead process's, and is sent, instead of being renewed for ever.
 */
@ApplicationScoped
public class DeliveryLeases {

    private final UUID owner = UUID.randomUUID();
    private final Duration lease;
    private final Duration heartbeatInterval;
    private final Set<UUID> sending = ConcurrentHashMap.newKeySet();

    @Inject
    DeliveryLeases(NotificationConfig config) {
        this(config.delivery().lease(), config.delivery().heartbeatInterval());
    }

    DeliveryLeases(Duration lease, Duration heartbeatInterval) {
        if (heartbeatInterval.compareTo(lease) >= 0) {
            throw new IllegalStateException("notification.delivery.heartbeat-interval (" + heartbeatInterval
                    + ") must be shorter than notification.delivery.lease (" + lease + "): otherwise the claims of a live"
                    + " process run out between two heartbeats and another dispatcher sends its emails a second time");
        }
        this.lease = lease;
        this.heartbeatInterval = heartbeatInterval;
    }

    /** Created at start, so that a heartbeat interval that does not fit the lease stops the service there. */
    void announce(@Observes StartupEvent start) {
        Log.infof("Delivery claims of this process are made as %s (lease %s, renewed every %s)", owner, lease, heartbeatInterval);
    }

    /** The id this process claims deliveries with. */
    public UUID owner() {
        return owner;
    }

    /** When a claim taken or renewed at {@code now} runs out. */
    Instant expiry(Instant now) {
        return now.plus(lease);
    }

    /** The claims a pipeline of this process holds from now on, until it {@link #released releases} them. */
    void holding(Collection<UUID> deliveryIds) {
        sending.addAll(deliveryIds);
    }

    void released(Collection<UUID> deliveryIds) {
        sending.removeAll(deliveryIds);
    }

    /** The deliveries this process is sending: its dispatcher must not take them over should their lease lapse. */
    UUID[] held() {
        return sending.toArray(UUID[]::new);
    }

    /**
     * Renews the claims this process holds. Only rows still SENDING and still this process's are touched: a claim that
     * ran out meanwhile (the database was away longer than a lease) and was taken over stays with its new holder.
     */
    @Scheduled(every = "${notification.delivery.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        List<UUID> held = List.of(held());
        if (held.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Delivery.update(
                        "leaseExpiresAt = ?1 where id in ?2 and leaseOwner = ?3 and status = ?4",
                        expiry(Instant.now()), held, owner, DeliveryStatus.SENDING))
                .onFailure().invoke(e -> Log.warnf("Renewing the claims of %d deliveries failed, the next heartbeat tries again: %s",
                        held.size(), e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
