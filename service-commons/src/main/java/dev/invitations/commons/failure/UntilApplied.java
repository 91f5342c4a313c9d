package dev.invitations.commons.failure;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How every consumer meets a failure while it applies a record: a passing one ({@link TransientFailures}: the database
 * restarting, unreachable or busy) is waited out, retrying with backoff for as long as it lasts, the record neither
 * acknowledged nor dead-lettered, so consumption resumes by itself when the dependency is back; any other failure
 * fails at once, so that the record (malformed, against the contract, or one the database refuses) goes to the
 * dead-letter topic, from which it can be re-driven.
 *
 * <p>While a record waits, its partition waits behind it: that keeps the records of one key in order. The consumer's
 * channel must then not be reported unhealthy for an unprocessed record's age alone
 * ({@code throttled.unprocessed-record-max-age.ms=0}), or an orchestrator would restart a consumer that is only waiting.
 */
public final class UntilApplied {

    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration LONGEST_BACKOFF = Duration.ofSeconds(30);

    private UntilApplied() {
    }

    /** @param what what is being applied, for the log: "a batch of 12 redemptions" */
    public static <T> Uni<T> retrying(String what, Supplier<Uni<T>> effect) {
        return Uni.createFrom().<T>deferred(effect::get)
                .onFailure(TransientFailures::isTransient).invoke(failure -> Log.warnf(
                        "%s waits for the database (retrying with backoff up to %s): %s", what, LONGEST_BACKOFF, failure.toString()))
                .onFailure(TransientFailures::isTransient).retry().withBackOff(FIRST_BACKOFF, LONGEST_BACKOFF).withJitter(0.2)
                .indefinitely();
    }
}
