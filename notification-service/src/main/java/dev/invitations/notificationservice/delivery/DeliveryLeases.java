package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.lease.Leases;
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
import java.util.UUID;

/**
 * This process's claims on the deliveries it is sending, the service-commons leased work queue ({@link Leases}) over
 * the deliveries table: each claim names the process and lasts a short lease that a heartbeat renews for as long as the
 * process still sends the delivery, so a slow SMTP exchange never loses its claim, while the claims of a killed
 * process run out one lease after its last heartbeat and any instance's dispatcher takes them over.
 */
@ApplicationScoped
public class DeliveryLeases {

    private final Leases leases;

    @Inject
    DeliveryLeases(NotificationConfig config) {
        this(config.delivery().lease(), config.delivery().heartbeatInterval());
    }

    DeliveryLeases(Duration lease, Duration heartbeatInterval) {
        this.leases = new Leases("notification.delivery", lease, heartbeatInterval);
    }

    /** Created at start, so that a heartbeat interval that does not fit the lease stops the service there. */
    void announce(@Observes StartupEvent start) {
        Log.info(leases.describe());
    }

    /** The id this process claims deliveries with. */
    public UUID owner() {
        return leases.owner();
    }

    /** When a claim taken or renewed at {@code now} runs out. */
    Instant expiry(Instant now) {
        return leases.expiry(now);
    }

    /** The claims a pipeline of this process holds from now on, until it {@link #released releases} them. */
    void holding(Collection<UUID> deliveryIds) {
        leases.holding(deliveryIds);
    }

    void released(Collection<UUID> deliveryIds) {
        leases.released(deliveryIds);
    }

    /** The deliveries this process is sending: its dispatcher must not take them over should their lease lapse. */
    UUID[] held() {
        return leases.held();
    }

    /** Renews the claims this process holds, only on rows still SENDING and still its own. */
    @Scheduled(every = "${notification.delivery.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        return leases.renew(held -> Panache.withTransaction(() -> Delivery.update(
                "leaseExpiresAt = ?1 where id in ?2 and leaseOwner = ?3 and status = ?4",
                expiry(Instant.now()), List.of(held), owner(), DeliveryStatus.SENDING)));
    }
}
