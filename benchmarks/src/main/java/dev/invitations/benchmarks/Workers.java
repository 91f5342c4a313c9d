package dev.invitations.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** A fixed number of threads working through numbered tasks: bounded by the count and by the deadline. */
final class Workers {

    private Workers() {
    }

    /**
     * Runs {@code task} for 0 to {@code count - 1}, each index once, on {@code threads} threads; a thread takes no new
     * index once the deadline has passed. The first exception of a task stops every thread and is thrown here.
     *
     * @return how many tasks ran to the end
     */
    static int run(String name, int count, int threads, Deadline deadline, IntConsumer task) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, count); t++) {
            Thread worker = new Thread(() -> {
                for (int index = next.getAndIncrement(); index < count && failure.get() == null && !deadline.passed();
                        index = next.getAndIncrement()) {
                    try {
                        task.accept(index);
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, name + "-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new IllegalStateException("Interrupted while waiting for " + name, e));
                break;
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return done.get();
    }
}
