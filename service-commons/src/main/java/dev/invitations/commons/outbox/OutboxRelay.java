package dev.invitations.commons.outbox;

import dev.invitations.commons.lease.Leases;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Drains the outbox on a short tick; a full batch means more is waiting, so it goes on without waiting for the tick.
 *
 * <p>A Vert.x timer rather than {@code @Scheduled}: Quarkus' simple scheduler checks its triggers once a second, and
 * every event would wait up to that second before leaving. Hibernate Reactive needs a safe duplicated Vert.x context,
 * which is what the scheduler would have created for us.
 *
 * <p>The relay owns this process's claims ({@link Leases}) and their heartbeat, on a timer too: the relay is created at
 * start, so a heartbeat that does not fit the lease stops the service there, while the publisher (and its Kafka
 * emitter) must not be created before the messaging is wired, which a scheduled method's first tick could do.
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxPublisher publisher;
    private final Vertx vertx;
    private final int batchSize;
    private final Duration interval;
    private final Duration heartbeatInterval;
    private final Leases leases;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile long timerId = -1;
    private volatile long heartbeatTimerId = -1;

    public OutboxRelay(OutboxPublisher publisher, Vertx vertx,
            @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "outbox.relay.interval", defaultValue = "100ms") Duration interval,
            @ConfigProperty(name = "outbox.relay.lease", defaultValue = "20s") Duration lease,
            @ConfigProperty(name = "outbox.relay.heartbeat-interval", defaultValue = "5s") Duration heartbeatInterval) {
        this.leases = new Leases("outbox.relay", lease, heartbeatInterval);
        this.publisher = publisher;
        this.vertx = vertx;
        this.batchSize = batchSize;
        this.interval = interval;
        this.heartbeatInterval = heartbeatInterval;
    }

    void start(@Observes StartupEvent startup) {
        Log.info(leases.describe());
        timerId = vertx.setPeriodic(interval.toMillis(), tick -> unlessBusy(publisher::connected, draining, this::drain));
        // Not gated on the emitter's demand: a broker that is down can leave it without any while a batch waits, and
        // that batch's claims must still be renewed.
        heartbeatTimerId = vertx.setPeriodic(heartbeatInterval.toMillis(),
                tick -> unlessBusy(() -> leases.held().length > 0, renewing, this::heartbeat));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timerId);
        vertx.cancelTimer(heartbeatTimerId);
    }

    /** Renews the claims of the batch being published; public for the tests that check whose claims it renews. */
    public Uni<Void> heartbeat() {
        return publisher.renewClaims(leases);
    }

    /** This process's claims: tests look at what it holds and whom it claims as. */
    public Leases leases() {
        return leases;
    }

    private void unlessBusy(BooleanSupplier ready, AtomicBoolean busy, Supplier<Uni<Void>> work) {
        if (!ready.getAsBoolean() || !busy.compareAndSet(false, true)) {
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.get().subscribe().with(done -> busy.set(false), failure -> busy.set(false)));
    }

    private Uni<Void> drain() {
        return publisher.publishBatch(leases)
                .flatMap(published -> published == batchSize ? drain() : Uni.createFrom().voidItem())
                .onFailure(CircuitBreakerOpenException.class).recoverWithNull()
                .onFailure().invoke(e -> Log.warnf("Outbox relay will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
