package dev.invitations.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a set of durations, from an HdrHistogram recorded in microseconds with three significant digits: a
 * figure is within 0.1% of the sample at that rank, which is finer than any run-to-run difference the tool reports.
 *
 * @param count how many samples
 * @param p50   median, ms
 * @param p95   ms
 * @param p99   ms
 * @param max   ms
 */
record Latencies(int count, double p50, double p95, double p99, double max) {

    private static final int SIGNIFICANT_DIGITS = 3;

    static Latencies ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        Histogram micros = new Histogram(SIGNIFICANT_DIGITS);
        for (long sample : nanos) {
            micros.recordValue(Math.max(0, sample / 1_000));
        }
        return new Latencies(nanos.length, millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(95)),
                millis(micros.getValueAtPercentile(99)), millis(micros.getMaxValue()));
    }

    static Latencies ofMillis(long[] millis) {
        long[] nanos = new long[millis.length];
        for (int i = 0; i < millis.length; i++) {
            nanos[i] = millis[i] * 1_000_000;
        }
        return ofNanos(nanos);
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
