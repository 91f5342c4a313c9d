package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.lease.OutcomeGroups;
import dev.invitations.notificationservice.NotificationConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends claimed deliveries and records each outcome (SENT or FAILED, with its outbox event) soon after SMTP answered,
 * in small groups, so that a process killed mid-batch leaves few emails sent but still SENDING, which the dispatcher
 * would send again once their lease runs out.
 *
 * <p>Two stages of bounded size: {@code send-concurrency} emails on their way to SMTP, then {@code record-group-size}
 * outcomes waiting for their commit. A stage's place is freed only when the next stage takes its item, so when the
 * recording falls behind (the database slow or away), the sending stops instead of piling up unrecorded emails: at
 * any instant at most {@code send-concurrency + record-group-size} emails of a run are sent or being sent without
 * their outcome committed. That is what a {@code kill -9} can make the service send twice.
 */
@ApplicationScoped
class SendingPipeline {

    private final EmailSender sender;
    private final DeliveryStore store;
    private final DeliveryLeases leases;
    private final int sendConcurrency;
    private final int groupSize;
    private final Duration groupInterval;
    private final Timer recordPhase;

    SendingPipeline(EmailSender sender, DeliveryStore store, DeliveryLeases leases, NotificationConfig config, MeterRegistry registry) {
        this.sender = sender;
        this.store = store;
        this.leases = leases;
        this.sendConcurrency = config.delivery().sendConcurrency();
        this.groupSize = config.delivery().recordGroupSize();
        this.groupInterval = config.delivery().recordInterval();
        this.recordPhase = BatchPhases.timer(registry, "complete");
    }

    /**
     * Sends the claimed deliveries, renewing their leases meanwhile, and gives every outcome once all are committed.
     * Must be called on the Vert.x context whose database session records the outcomes.
     */
    Uni<List<SendOutcome>> sendAll(List<Dispatch> dispatches) {
        if (dispatches.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Context home = Vertx.currentContext();
        if (home == null) {
            throw new IllegalStateException("Claimed deliveries are sent from a Vert.x context, where their outcomes are recorded");
        }
        List<UUID> ids = dispatches.stream().map(Dispatch::deliveryId).toList();
        OutcomeGroups<SendOutcome> groups = new OutcomeGroups<>(home, groupSize, groupInterval,
                group -> BatchPhases.timed(recordPhase, untilRecorded(home, () -> store.complete(group))));
        leases.holding(ids);
        return sendAndRecord(dispatches, dispatch -> sender.send(dispatch, home), groups, sendConcurrency, groupSize)
                .onTermination().invoke(() -> leases.released(ids));
    }

    /**
     * The two stages. A merge takes a new item only when one of its places is free, and a place is freed only when its
     * item is taken by the next stage: a finished send waits in its place until a recording place is free, and a
     * recording place is freed when the item's group is committed.
     */
    static Uni<List<SendOutcome>> sendAndRecord(List<Dispatch> dispatches, Function<Dispatch, Uni<SendOutcome>> send,
            OutcomeGroups<SendOutcome> groups, int sendConcurrency, int groupSize) {
        return Multi.createFrom().iterable(dispatches)
                .onItem().transformToUni(send::apply).merge(sendConcurrency)
                .onItem().transformToUni(groups::recorded).merge(groupSize)
                .collect().asList();
    }

    /**
     * The emails are out: whatever keeps their outcome from being recorded, it is retried rather than the batch
     * dead-lettered (a re-drive would mail them again). Before sending, {@code UntilApplied} decides instead. Each try
     * starts on {@code home}, where the session lives, whichever thread the backoff ended on.
     */
    private static Uni<Void> untilRecorded(Context home, Supplier<Uni<Void>> transaction) {
        return Uni.createFrom().deferred(transaction::get)
                .runSubscriptionOn(task -> home.runOnContext(ignored -> task.run()))
                .onFailure().invoke(e -> Log.warnf("Database unavailable for sent invitation emails, retrying: %s", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely();
    }
}
