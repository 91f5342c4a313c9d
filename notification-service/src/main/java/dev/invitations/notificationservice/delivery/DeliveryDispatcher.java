package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.lease.LeasedWorkQueue;
import dev.invitations.commons.lease.Leases;
import dev.invitations.notificationservice.NotificationConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sends deliveries whose claim is due: those an activation released, and those a dead process left half-done (its
 * heartbeat stopped renewing their leases), whichever instance claimed them. The deliveries table as a
 * {@link LeasedWorkQueue}, one batch at a time; its heartbeat also renews the claims the consumer's pipelines hold, as
 * they share this process's {@link DeliveryLeases}.
 * Their InvitationSent records were acknowledged long ago, so a failure here is recorded and published
 * (InvitationEmailFailed) but has no record to dead-letter.
 */
@ApplicationScoped
class DeliveryDispatcher implements LeasedWorkQueue.Queue<Dispatch> {

    /** Lets the consumer's first batches go first after a start: released deliveries are not in a hurry. */
    private static final Duration FIRST_TICK = Duration.ofSeconds(2);

    private final DeliveryStore store;
    private final SendingPipeline sending;
    private final InvitationSentCheck check;
    private final LeasedWorkQueue<Dispatch> queue;

    DeliveryDispatcher(DeliveryStore store, SendingPipeline sending, InvitationSentCheck check, DeliveryLeases leases,
            NotificationConfig config, Vertx vertx) {
        this.store = store;
        this.sending = sending;
        this.check = check;
        NotificationConfig.Delivery delivery = config.delivery();
        this.queue = new LeasedWorkQueue<>("notification.delivery", vertx, leases.leases(),
                LeasedWorkQueue.Schedule.batches(delivery.dispatchInterval(), delivery.dispatchBatchSize(), delivery.lease().multipliedBy(3))
                        .firstTickAfter(FIRST_TICK), this);
    }

    void start(@Observes StartupEvent startup) {
        queue.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        queue.stop();
    }

    @Override
    public Uni<List<Dispatch>> claim(int limit, Leases leases) {
        return store.claimDue(limit, payload -> check.read(payload, null).event());
    }

    @Override
    public UUID id(Dispatch dispatch) {
        return dispatch.deliveryId();
    }

    @Override
    public Uni<Void> process(List<Dispatch> claimed) {
        return sending.sendAll(claimed).replaceWithVoid();
    }

    /** Only rows still SENDING and still this process's. */
    @Override
    public Uni<?> renew(UUID[] ids, Leases leases) {
        return Panache.withTransaction(() -> Delivery.update("leaseExpiresAt = ?1 where id in ?2 and leaseOwner = ?3 and status = ?4",
                leases.expiry(Instant.now()), List.of(ids), leases.owner(), DeliveryStatus.SENDING));
    }
}
