package dev.invitations.commons.outbox;

import dev.invitations.commons.lease.LeasedWorkQueue;
import dev.invitations.commons.lease.Leases;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The outbox as a {@link LeasedWorkQueue}: one batch of rows at a time, on a short tick (100 ms), a full batch drained
 * at once; the publisher brings the SQL and the sending.
 *
 * <p>The relay is created at start, so a heartbeat that does not fit the lease stops the service there, while the
 * publisher (and its Kafka emitter) must not be used before the messaging is wired: the queue is not
 * {@link LeasedWorkQueue.Queue#ready ready} until the connector asked for records.
 */
@ApplicationScoped
public class OutboxRelay implements LeasedWorkQueue.Queue<OutboxEvent> {

    private static final String NAME = "outbox.relay";

    private final OutboxPublisher publisher;
    private final Leases leases;
    private final LeasedWorkQueue<OutboxEvent> queue;

    public OutboxRelay(OutboxPublisher publisher, Vertx vertx,
            @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "outbox.relay.interval", defaultValue = "100ms") Duration interval,
            @ConfigProperty(name = "outbox.relay.lease", defaultValue = "20s") Duration lease,
            @ConfigProperty(name = "outbox.relay.heartbeat-interval", defaultValue = "5s") Duration heartbeatInterval) {
        this.publisher = publisher;
        this.leases = new Leases(NAME, lease, heartbeatInterval);
        // Stuck after three leases, past the publish timeout (35 s by default) that fails a batch the broker sits on.
        this.queue = new LeasedWorkQueue<>(NAME, vertx, leases,
                LeasedWorkQueue.Schedule.batches(interval, batchSize, lease.multipliedBy(3)), this);
    }

    void start(@Observes StartupEvent startup) {
        queue.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        queue.stop();
    }

    /** Renews the claims of the batch being published; public for the tests that check whose claims it renews. */
    public Uni<Void> heartbeat() {
        return queue.heartbeat();
    }

    /** This process's claims: tests look at what it holds and whom it claims as. */
    public Leases leases() {
        return leases;
    }

    @Override
    public boolean ready() {
        return publisher.connected();
    }

    @Override
    public Uni<List<OutboxEvent>> claim(int limit, Leases claims) {
        return publisher.claim(limit, claims);
    }

    @Override
    public UUID id(OutboxEvent event) {
        return event.id;
    }

    /** A batch that did not go out (the breaker open included) is released for the next one at once. */
    @Override
    public Uni<Void> process(List<OutboxEvent> claimed) {
        return publisher.publish(claimed).onFailure().call(failure -> publisher.release(claimed));
    }

    @Override
    public Uni<?> renew(UUID[] ids, Leases claims) {
        return publisher.renew(ids, claims);
    }
}
