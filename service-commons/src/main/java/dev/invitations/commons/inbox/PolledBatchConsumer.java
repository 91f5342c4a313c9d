package dev.invitations.commons.inbox;

import dev.invitations.commons.failure.TransientFailures;
import dev.invitations.commons.failure.UntilApplied;
import dev.invitations.commons.tracing.Traceparents;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.JDBCException;

/**
 * Settles one polled batch of records for a consumer that applies a whole poll in one transaction
 * ({@code batch=true}, {@code commit-strategy=throttled}, {@code failure-strategy=dead-letter-queue}).
 *
 * <p>Order of a batch: apply the readable events (one transaction), send the unreadable ones to the dead-letter topic,
 * and only then acknowledge, which lets the throttled commit strategy commit the batch's offsets. A crash anywhere
 * before the acknowledgement redelivers the batch, so the handler must skip the events it applied before by their id.
 *
 * <p>A database that does not answer, or is only busy, is not an event's fault: the batch waits for it
 * ({@link UntilApplied}) rather than being dead-lettered, however many events it holds. A database that answers with an
 * error that does not pass (a constraint, a value it cannot store) has the batch retried, and then its events applied
 * one at a time, so that only the event it refuses goes to the dead-letter topic.
 *
 * <p>Nothing here may fail the returned Uni: SmallRye would nack the whole batch and dead-letter every record of it,
 * applied ones included. A batch that cannot be settled is left unacknowledged instead.
 *
 * @param <E> the event a record is read into
 * @param <R> what applying a list of events returns, handed back to {@link Handler#applied}
 */
public final class PolledBatchConsumer<E, R> {

    /** What a consumer contributes: reading a record and applying events. */
    public interface Handler<E, R> {

        /** @throws MalformedEventException for a record that can never be applied; it goes to the dead-letter topic */
        E read(String payload);

        /**
         * Applies the events in a transaction of their own, recording their ids in it. Called anew for every attempt,
         * and with a single event when the batch is applied one at a time.
         */
        Uni<R> apply(List<E> events);

        /**
         * {@link #apply(List)}, told the trace context each event arrived in (its record's consume span, as a W3C
         * traceparent; null when tracing is off). A batch shares one transaction, so no single trace is current while
         * it runs: a handler whose events write outbox rows overrides this and gives each row its own event's trace
         * ({@link dev.invitations.commons.outbox.Outbox.Message#traceparent}), so that the trace goes on downstream.
         */
        default Uni<R> apply(List<E> events, Function<E, String> traceparents) {
            return apply(events);
        }

        /** After the transaction committed: counters and logs. */
        void applied(List<E> events, R result);

        /** The event in the dead-letter reason and the log: its ids, never a secret. */
        String describe(E event);
    }

    /**
     * @param batch attempts at one transaction for a whole batch: a failure there is nearly always a passing one (a
     *              lock conflict with another replica), so the batch is retried as a whole first
     * @param perEvent attempts per event once the batch kept failing
     * @param initialBackoff first pause between attempts; it doubles (with jitter) up to {@code maxBackoff}
     */
    public record Attempts(int batch, int perEvent, Duration initialBackoff, Duration maxBackoff) {

        public static final Attempts DEFAULT = new Attempts(5, 3, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    private final String what;
    private final Handler<E, R> handler;
    private final Attempts attempts;

    /**
     * @param what the events, plural, for the log: "redemptions". What goes to the dead-letter topic is counted by
     *             {@link dev.invitations.commons.failure.DeadLetterCount}, for every channel alike.
     */
    public PolledBatchConsumer(String what, Handler<E, R> handler, Attempts attempts) {
        this.what = what;
        this.handler = handler;
        this.attempts = attempts;
    }

    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Readable<E>> readable = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        Map<E, String> traceparents = new IdentityHashMap<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                E event = handler.read(record.getPayload());
                readable.add(new Readable<>(record, event));
                traceparents.put(event, Traceparents.of(record));
            } catch (MalformedEventException e) {
                unreadable.add(new Unreadable(record, e));
            }
        }
        return UntilApplied.retrying("A batch of " + readable.size() + " " + what, () -> applyAll(readable, traceparents::get))
                .chain(() -> Multi.createFrom().iterable(unreadable)
                        .onItem().transformToUniAndConcatenate(rejected -> deadLetter(rejected.record(), rejected.reason()))
                        .collect().asList())
                .chain(() -> Uni.createFrom().completionStage(batch::ack))
                .onFailure().recoverWithItem(failure -> {
                    // Neither a passing failure (waited out above) nor one event's (dead-lettered alone): left
                    // unacknowledged, its offsets are never committed and a restart redelivers the batch.
                    Log.errorf(failure, "A batch of %d %s records could not be settled; it will be redelivered",
                            batch.getRecords().size(), what);
                    return null;
                });
    }

    private Uni<Void> applyAll(List<Readable<E>> readable, Function<E, String> traceparents) {
        if (readable.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<E> events = readable.stream().map(Readable::event).toList();
        return attempted(events, traceparents, attempts.batch())
                .onFailure(PolledBatchConsumer::refusedByDatabase).recoverWithUni(failure -> {
                    Log.warnf("A batch of %d %s failed %d times (%s); applying them one at a time", events.size(), what,
                            attempts.batch(), failure.toString());
                    return applyOneByOne(readable, traceparents);
                });
    }

    /** Isolates an event the database keeps refusing, so that it alone goes to the dead-letter topic. */
    private Uni<Void> applyOneByOne(List<Readable<E>> readable, Function<E, String> traceparents) {
        return Multi.createFrom().iterable(readable)
                .onItem().transformToUniAndConcatenate(one -> attempted(List.of(one.event()), traceparents, attempts.perEvent())
                        .onFailure(PolledBatchConsumer::refusedByDatabase).recoverWithUni(failure -> deadLetter(one.record(),
                                new UnappliableEventException(handler.describe(one.event()) + " could not be applied in "
                                        + attempts.perEvent() + " attempts: " + failure, failure))))
                .collect().asList()
                .replaceWithVoid();
    }

    /** Each attempt calls the handler anew, so it runs in a new transaction. */
    private Uni<Void> attempted(List<E> events, Function<E, String> traceparents, int times) {
        Uni<R> once = Uni.createFrom().deferred(() -> handler.apply(events, traceparents));
        Uni<R> retried = times <= 1 ? once : once.onFailure().retry()
                .withBackOff(attempts.initialBackoff(), attempts.maxBackoff()).withJitter(0.2)
                .atMost(times - 1L);
        return retried.invoke(result -> handler.applied(events, result)).replaceWithVoid();
    }

    /** The database answered with an error that will not pass: retrying the event alone may isolate it. */
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
        return Uni.createFrom().completionStage(() -> record.nack(reason));
    }

    private record Readable<E>(KafkaRecord<String, String> record, E event) {
    }

    private record Unreadable(KafkaRecord<String, String> record, MalformedEventException reason) {
    }
}
