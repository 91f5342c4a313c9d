package dev.invitations.commons.outbox;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** Drains the outbox on a short tick; a full batch means more is waiting, so it goes on without waiting for the tick. */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxPublisher publisher;
    private final int batchSize;

    public OutboxRelay(OutboxPublisher publisher, @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "500") int batchSize) {
        this.publisher = publisher;
        this.batchSize = batchSize;
    }

    @Scheduled(every = "${outbox.relay.interval:0.2s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relayPending() {
        return publisher.publishBatch()
                .flatMap(published -> published == batchSize ? relayPending() : Uni.createFrom().voidItem())
                .onFailure(CircuitBreakerOpenException.class).recoverWithNull()
                .onFailure().invoke(e -> Log.warnf("Outbox relay will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
