package dev.invitations.benchmarks;

import java.util.Arrays;

/**
 * Percentiles of a set of durations, by the nearest-rank method (p99 of 200 samples is the 198th smallest).
 *
 * @param count how many samples
 * @param p50   median, ms
 * @param p95   ms
 * @param p99   ms
 * @param max   ms
 */
record Latencies(int count, double p50, double p95, double p99, double max) {

    static Latencies ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, millis(rank(sorted, 50)), millis(rank(sorted, 95)), millis(rank(sorted, 99)),
                millis(sorted[sorted.length - 1]));
    }

    static Latencies ofMillis(long[] millis) {
        return ofNanos(Arrays.stream(millis).map(ms -> ms * 1_000_000).toArray());
    }

    private static long rank(long[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
