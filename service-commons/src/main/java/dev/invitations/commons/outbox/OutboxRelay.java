package dev.invitations.commons.outbox;

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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Drains the outbox on a short tick; a full batch means more is waiting, so it goes on without waiting for the tick.
 *
 * <p>A Vert.x timer rather than {@code @Scheduled}: Quarkus' simple scheduler checks its triggers once a second, and
 * every event would wait up to that second before leaving. Hibernate Reactive needs a safe duplicated Vert.x context,
 * which is what the scheduler would have created for us.
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxPublisher publisher;
    private final Vertx vertx;
    private final int batchSize;
    private final Duration interval;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile long timerId = -1;

    public OutboxRelay(OutboxPublisher publisher, Vertx vertx,
            @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "outbox.relay.interval", defaultValue = "100ms") Duration interval) {
        this.publisher = publisher;
        this.vertx = vertx;
        this.batchSize = batchSize;
        this.interval = interval;
    }

    void start(@Observes StartupEvent startup) {
        timerId = vertx.setPeriodic(interval.toMillis(), tick -> drainUnlessBusy());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timerId);
    }

    private void drainUnlessBusy() {
        if (!publisher.connected() || !draining.compareAndSet(false, true)) {
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> drain().subscribe().with(done -> draining.set(false), failure -> draining.set(false)));
    }

    private Uni<Void> drain() {
        return publisher.publishBatch()
                .flatMap(published -> published == batchSize ? drain() : Uni.createFrom().voidItem())
                .onFailure(CircuitBreakerOpenException.class).recoverWithNull()
                .onFailure().invoke(e -> Log.warnf("Outbox relay will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
