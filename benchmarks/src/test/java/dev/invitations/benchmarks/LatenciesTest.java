package dev.invitations.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    /** The histogram keeps three significant digits: a percentile is within 0.1% of the sample at its rank. */
    private static final double PRECISION = 0.001;

    @Test
    void percentilesAreTheSamplesAtTheirRank() {
        // 1 ms to 200 ms, shuffled by reversing: p50 is the 100th smallest, p95 the 190th, p99 the 198th.
        long[] nanos = LongStream.rangeClosed(1, 200).map(ms -> (201 - ms) * 1_000_000).toArray();
        Latencies latencies = Latencies.ofNanos(nanos);
        assertEquals(200, latencies.count());
        assertEquals(100.0, latencies.p50(), 100.0 * PRECISION);
        assertEquals(190.0, latencies.p95(), 190.0 * PRECISION);
        assertEquals(198.0, latencies.p99(), 198.0 * PRECISION);
        assertEquals(200.0, latencies.max(), 200.0 * PRECISION);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Latencies latencies = Latencies.ofMillis(new long[] {42});
        assertEquals(42.0, latencies.p50(), 42.0 * PRECISION);
        assertEquals(42.0, latencies.p99(), 42.0 * PRECISION);
    }

    @Test
    void aSlowTailShowsInTheHighPercentilesOnly() {
        // 990 answers of 5 ms and 10 of 2 s: the median ignores the tail, p99 and the maximum do not.
        long[] millis = LongStream.range(0, 1_000).map(i -> i < 990 ? 5 : 2_000).toArray();
        Latencies latencies = Latencies.ofMillis(millis);
        assertEquals(5.0, latencies.p50(), 5.0 * PRECISION);
        assertEquals(5.0, latencies.p95(), 5.0 * PRECISION);
        assertEquals(2_000.0, latencies.max(), 2_000.0 * PRECISION);
    }

    @Test
    void noSamplesGiveNoFigures() {
        Latencies latencies = Latencies.ofNanos(new long[0]);
        assertEquals(0, latencies.count());
        assertTrue(Double.isNaN(latencies.p99()));
    }
}
