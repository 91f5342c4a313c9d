package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.lease.Leases;
import dev.invitations.notificationservice.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * This process's claims on the deliveries it is sending, the service-commons leased work queue ({@link Leases}) over
 * the deliveries table: each claim names the process and lasts a short lease that a heartbeat renews for as long as the
 * process still sends the delivery ({@link DeliveryDispatcher}'s queue renews them), so a slow SMTP exchange never loses
 * its claim, while the claims of a killed process run out one lease after its last heartbeat and any instance's
 * dispatcher takes them over.
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

    /** For the dispatcher's queue, whose heartbeat renews them. */
    Leases leases() {
        return leases;
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
}
