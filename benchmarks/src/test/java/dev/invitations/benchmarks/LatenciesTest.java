package dev.invitations.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOfTheSortedSamples() {
        // 1 ms to 200 ms, shuffled by reversing: p50 is the 100th smallest, p95 the 190th, p99 the 198th.
        long[] nanos = LongStream.rangeClosed(1, 200).map(ms -> (201 - ms) * 1_000_000).toArray();
        Latencies latencies = Latencies.ofNanos(nanos);
        assertEquals(200, latencies.count());
        assertEquals(100.0, latencies.p50());
        assertEquals(190.0, latencies.p95());
        assertEquals(198.0, latencies.p99());
        assertEquals(200.0, latencies.max());
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Latencies latencies = Latencies.ofMillis(new long[] {42});
        assertEquals(42.0, latencies.p50());
        assertEquals(42.0, latencies.p99());
    }

    @Test
    void noSamplesGiveNoFigures() {
        Latencies latencies = Latencies.ofNanos(new long[0]);
        assertEquals(0, latencies.count());
        assertTrue(Double.isNaN(latencies.p99()));
    }
}
