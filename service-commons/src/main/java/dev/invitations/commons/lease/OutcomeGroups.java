package dev.invitations.commons.lease;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Outcomes of leased work on their way to the database, recorded a group at a time (a group commit): a group goes once
 * it holds {@code size} outcomes, or {@code interval} after its first one came, whichever is first; while it commits
 * the next one fills, and goes as soon as the commit is done if it is due by then. notification-service records the
 * outcomes of a pipeline run's emails so, workflow-service the results of its runs.
 *
 * <p>Mutiny's {@code group().intoLists().of(size, duration)} would read better, but its timer emits whether or not the
 * recording downstream is ready, and fails the stream when it is not (a database that is slow or away for longer than
 * the interval). Here a due group simply waits for the commit before it.
 *
 * <p>Every state change runs on {@code context} (callbacks are brought back to it), so nothing here needs a lock, and
 * each commit starts there, where a database session bound to that context lives.
 *
 * @param <T> one outcome
 */
public final class OutcomeGroups<T> {

    private record Waiting<T>(T outcome, UniEmitter<? super T> recorded) {
    }

    private final Context context;
    private final int size;
    private final Duration interval;
    private final Function<List<T>, Uni<Void>> record;

    private List<Waiting<T>> filling = new ArrayList<>();
    /** Tells the timer of a group that has already gone from the timer of the one filling now. */
    private long generation;
    private boolean due;
    private boolean recording;

    /** @param record commits a group; its failure fails every outcome of that group, and the next group goes */
    public OutcomeGroups(Context context, int size, Duration interval, Function<List<T>, Uni<Void>> record) {
        this.context = context;
        this.size = size;
        this.interval = interval;
        this.record = record;
    }

    /** Completes with {@code outcome} once the transaction that recorded it committed. */
    public Uni<T> recorded(T outcome) {
        return Uni.createFrom().emitter(emitter -> onContext(() -> {
            filling.add(new Waiting<>(outcome, emitter));
            if (filling.size() == 1) {
                long group = generation;
                context.owner().setTimer(Math.max(1, interval.toMillis()), ignored -> onContext(() -> {
                    if (generation == group) {
                        due = true;
                        recordIfDue();
                    }
                }));
            }
            recordIfDue();
        }));
    }

    private void recordIfDue() {
        if (recording || filling.isEmpty() || (filling.size() < size && !due)) {
            return;
        }
        List<Waiting<T>> group = filling;
        filling = new ArrayList<>();
        generation++;
        due = false;
        recording = true;
        record.apply(group.stream().map(Waiting::outcome).toList()).subscribe().with(
                ignored -> onContext(() -> {
                    recording = false;
                    group.forEach(waiting -> waiting.recorded().complete(waiting.outcome()));
                    recordIfDue();
                }),
                failure -> onContext(() -> {
                    recording = false;
                    group.forEach(waiting -> waiting.recorded().fail(failure));
                    recordIfDue();
                }));
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}
