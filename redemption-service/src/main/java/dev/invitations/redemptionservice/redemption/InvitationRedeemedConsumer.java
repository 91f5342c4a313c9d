package dev.invitations.redemptionservice.redemption;

import dev.invitations.commons.failure.TransientFailures;
import dev.invitations.commons.failure.UntilApplied;
import dev.invitations.commons.inbox.MalformedEventException;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.redemptionservice.RedemptionServiceConfig;
import dev.invitations.redemptionservice.redemption.Rows.ActivityRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.JDBCException;

/**
 * Consumes {@code invitations.redeemed} a polled batch at a time.
 *
 * <p>Order of a batch: apply the readable events (one transaction), send the unreadable ones to the dead-letter topic,
 * and only then acknowledge, which lets the throttled commit strategy commit the batch's offsets. A crash anywhere
 * before the acknowledgement redelivers the batch, and the events already applied are skipped by their id.
 *
 * <p>Nothing here may fail the returned Uni: SmallRye would nack the whole batch and dead-letter every record of it,
 * applied ones included. A batch that cannot be settled is left unacknowledged instead.
 */
@ApplicationScoped
public class InvitationRedeemedConsumer {

    private final RedemptionApplier applier;
    private final Validator validator;
    private final RedemptionServiceConfig.Apply attempts;
    private final Counter applied;
    private final Counter appliedPartially;
    private final Counter duplicates;
    private final Counter deadLettered;

    public InvitationRedeemedConsumer(RedemptionApplier applier, Validator validator, RedemptionServiceConfig config,
            MeterRegistry meters) {
        this.applier = applier;
        this.validator = validator;
        this.attempts = config.apply();
        this.applied = meters.counter("redemptions.applied", "partial", "false");
        this.appliedPartially = meters.counter("redemptions.applied", "partial", "true");
        this.duplicates = meters.counter("redemptions.duplicates");
        this.deadLettered = meters.counter("redemptions.dead.lettered");
    }

    @Incoming("invitations-redeemed")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Readable> readable = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                readable.add(new Readable(record, RedeemedEventReader.read(record.getPayload(), validator)));
            } catch (MalformedEventException e) {
                unreadable.add(new Unreadable(record, e));
            }
        }
        return UntilApplied.retrying("A batch of " + readable.size() + " redemptions", () -> applyAll(readable))
                .chain(() -> Multi.createFrom().iterable(unreadable)
                        .onItem().transformToUniAndConcatenate(rejected -> deadLetter(rejected.record(), rejected.reason()))
                        .collect().asList())
                .chain(() -> Uni.createFrom().completionStage(batch::ack))
                .onFailure().recoverWithItem(failure -> {
                    // Neither a passing failure (waited out above) nor one event's (dead-lettered alone): left
                    // unacknowledged, its offsets are never committed and a restart redelivers the batch.
                    Log.errorf(failure, "A batch of %d invitations.redeemed records could not be settled; it will be redelivered",
                            batch.getRecords().size());
                    return null;
                });
    }

    private Uni<Void> applyAll(List<Readable> readable) {
        if (readable.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<InvitationRedeemed> events = readable.stream().map(Readable::event).toList();
        return attempted(() -> applier.apply(events), attempts.batchAttempts())
                .invoke(activities -> report(events.size(), activities))
                .replaceWithVoid()
                .onFailure(InvitationRedeemedConsumer::refusedByDatabase).recoverWithUni(failure -> {
                    Log.warnf("A batch of %d redemptions failed %d times (%s); applying them one at a time", events.size(),
                            attempts.batchAttempts(), failure.toString());
                    return applyOneByOne(readable);
                });
    }

    /** Isolates an event the database keeps refusing, so that it alone goes to the dead-letter topic. */
    private Uni<Void> applyOneByOne(List<Readable> readable) {
        return Multi.createFrom().iterable(readable)
                .onItem().transformToUniAndConcatenate(one -> attempted(() -> applier.apply(List.of(one.event())), attempts.eventAttempts())
                        .invoke(activities -> report(1, activities))
                        .replaceWithVoid()
                        .onFailure(InvitationRedeemedConsumer::refusedByDatabase).recoverWithUni(failure -> deadLetter(
                                one.record(), new UnappliableRedemptionException(one.event(), attempts.eventAttempts(), failure))))
                .collect().asList()
                .replaceWithVoid();
    }

    /** Each attempt calls the applier anew, so it runs in a new transaction. */
    private <T> Uni<T> attempted(Supplier<Uni<T>> attempt, int times) {
        Uni<T> once = Uni.createFrom().<T>deferred(attempt::get);
        return times <= 1 ? once : once.onFailure().retry()
                .withBackOff(attempts.initialBackoff(), attempts.maxBackoff()).withJitter(0.2)
                .atMost(times - 1L);
    }

    /**
     * The database answered with an error that will not pass (a constraint, a value it cannot store): retrying the
     * event alone may isolate it. A database that does not answer, or is only busy, is not the event's fault: the
     * batch waits for it ({@link UntilApplied}) rather than being dead-lettered, however many events it holds.
     */
    private static boolean refusedByDatabase(Throwable failure) {
        if (TransientFailures.isTransient(failure)) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JDBCException || cause instanceof PgException) {
                return true;
            }
        }
        return false;
    }

    private Uni<Void> deadLetter(KafkaRecord<String, String> record, Throwable reason) {
        long offset = record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
        Log.warnf("Record %s-%d@%d goes to the dead-letter topic: %s", record.getTopic(), record.getPartition(), offset,
                reason.getMessage());
        return Uni.createFrom().completionStage(() -> record.nack(reason))
                .invoke(() -> deadLettered.increment());
    }

    private void report(int received, List<ActivityRow> activities) {
        for (ActivityRow activity : activities) {
            if (activity.partial()) {
                appliedPartially.increment();
                Log.warnf("Redemption of invitation %s by contact %s applied in part (activity %s): something it names no longer exists",
                        activity.invitationId(), activity.contactId(), activity.id());
            } else {
                applied.increment();
                Log.infof("Redemption of invitation %s by contact %s applied (activity %s)",
                        activity.invitationId(), activity.contactId(), activity.id());
            }
        }
        duplicates.increment(received - activities.size());
    }

    private record Readable(KafkaRecord<String, String> record, InvitationRedeemed event) {
    }

    private record Unreadable(KafkaRecord<String, String> record, MalformedEventException reason) {
    }
}
