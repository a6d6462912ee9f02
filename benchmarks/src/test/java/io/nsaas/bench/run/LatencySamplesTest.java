package io.nsaas.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {

    @Test
    void quantilesAreNearestRankOverUnsortedSamples() {
        LatencySamples samples = new LatencySamples(100);
        for (int i = 100; i >= 1; i--) {
            samples.add(i * 1_000L);
        }
        assertEquals(50_000, samples.quantileNanos(0.50));
        assertEquals(99_000, samples.quantileNanos(0.99));
        assertEquals(100_000, samples.quantileNanos(1.0));
        assertEquals(50_500, samples.meanNanos(), 1e-9);
    }

    @Test
    void resultLineGivesMicrosecondsForTheScripts() {
        LatencySamples samples = new LatencySamples(4);
        samples.add(1_500);
        samples.add(2_500);
        samples.add(3_000);
        samples.add(9_000);
        assertEquals("RESULT rr n=4 p50_us=2.500 p99_us=9.000 mean_us=4.000 max_us=9.000", samples.resultLine("rr"));
    }

    @Test
    void samplesPastTheCapacityAreDropped() {
        LatencySamples samples = new LatencySamples(2);
        samples.add(1);
        samples.add(2);
        samples.add(1_000_000);
        assertEquals(2, samples.count());
        assertEquals(2, samples.quantileNanos(1.0));
    }

    @Test
    void noSamplesIsAnError() {
        assertThrows(IllegalStateException.class, () -> new LatencySamples(3).quantileNanos(0.5));
        assertThrows(IllegalArgumentException.class, () -> new LatencySamples(0));
    }
}
