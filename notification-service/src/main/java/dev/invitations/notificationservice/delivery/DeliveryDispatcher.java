package dev.invitations.notificationservice.delivery;

import dev.invitations.notificationservice.NotificationConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends deliveries whose claim is due: those an activation released, and those a dead process left half-done (its
 * heartbeat stopped renewing their leases), whichever instance claimed them.
 * Their InvitationSent records were acknowledged long ago, so a failure here is recorded and published
 * (InvitationEmailFailed) but has no record to dead-letter.
 */
@ApplicationScoped
class DeliveryDispatcher {

    private final DeliveryStore store;
    private final SendingPipeline sending;
    private final InvitationSentCheck check;
    private final int batchSize;

    DeliveryDispatcher(DeliveryStore store, SendingPipeline sending, InvitationSentCheck check, NotificationConfig config) {
        this.store = store;
        this.sending = sending;
        this.check = check;
        this.batchSize = config.delivery().dispatchBatchSize();
    }

    @Scheduled(every = "${notification.delivery.dispatch-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dispatchDue() {
        return store.claimDue(batchSize, payload -> check.read(payload, null).event())
                .flatMap(due -> sending.sendAll(due).replaceWith(due.size()))
                .flatMap(dispatched -> dispatched == batchSize ? dispatchDue() : Uni.createFrom().voidItem())
                .onFailure().invoke(e -> Log.warnf("Dispatching due deliveries will be retried: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
