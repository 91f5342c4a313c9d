package dev.invitations.benchmarks;

import java.time.Duration;

/** The moment every loop of the run stops at, whatever it was doing: the tool ends by itself and reports. */
record Deadline(long nanoTime) {

    static Deadline in(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos());
    }

    boolean passed() {
        return System.nanoTime() - nanoTime >= 0;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }

    /** The earlier of this deadline and {@code duration} from now: a wait that must not use the whole budget. */
    Deadline within(Duration duration) {
        long other = System.nanoTime() + duration.toNanos();
        return other - nanoTime < 0 ? new Deadline(other) : this;
    }

    /** Sleeps {@code pause}, or less if the deadline comes first; false once it has passed. */
    boolean pause(Duration pause) {
        long nanos = Math.min(pause.toNanos(), remaining().toNanos());
        if (nanos > 0) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !passed();
    }
}
