package dev.invitations.invitationservice;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * How the scheduled jobs (expiry announcements, reminders) work through what is due: a batch per transaction, each
 * claiming its rows with {@code FOR UPDATE SKIP LOCKED}, until a batch comes back short.
 */
public final class ScheduledBatches {

    private ScheduledBatches() {
    }

    /** Runs {@code batch} again while it handled a full {@code batchSize}; answers how many rows all the batches handled. */
    public static Uni<Integer> untilDrained(Supplier<Uni<Integer>> batch, int batchSize) {
        return batch.get().flatMap(handled -> handled < batchSize
                ? Uni.createFrom().item(handled)
                : untilDrained(batch, batchSize).map(more -> handled + more));
    }

    /**
     * A scheduled run whose failure (the database away) is one warning, not the scheduler's error with a stack trace
     * every run: nothing was marked, so the next run finds the same rows.
     */
    public static Uni<Void> warnOnFailure(Uni<?> run, String job) {
        return run.onFailure().invoke(failure -> Log.warnf("%s failed; the next run tries again: %s", job, failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
