package dev.invitations.faults;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Reads a state of the system again and again until it is the awaited one, or a limit passes. */
final class Polling {

    private static final Duration INTERVAL = Duration.ofMillis(250);

    private Polling() {
    }

    /**
     * The first value {@code read} gives that {@code settled} accepts; or, once {@code limit} has passed, the last one
     * read, for the test's assertions to say what is wrong with it.
     */
    static <T> T until(Duration limit, Supplier<T> read, Predicate<T> settled) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T value = read.get();
            if (settled.test(value) || System.nanoTime() > deadline) {
                return value;
            }
            pause();
        }
    }

    static void pause() {
        try {
            Thread.sleep(INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the system", e);
        }
    }
}
