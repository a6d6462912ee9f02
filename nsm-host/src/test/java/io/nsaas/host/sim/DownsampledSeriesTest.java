package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DownsampledSeriesTest {
    @Test
    void keepsEveryPointWhileThereIsRoom() {
        DownsampledSeries s = new DownsampledSeries(4);
        s.add(0, 10);
        s.add(1, 11);
        s.add(2, 12);
        assertArrayEquals(new double[] {0, 1, 2}, s.xs());
        assertArrayEquals(new double[] {10, 11, 12}, s.ys());
    }

    @Test
    void halvesItsPointsAndDoublesTheStrideWhenFull() {
        DownsampledSeries s = new DownsampledSeries(4);
        for (int i = 0; i < 5; i++) {
            s.add(i, 100 + i);
        }
        // 0,1,2,3 filled it; 4 made it keep 0,2 then add 4 (stride 2)
        assertArrayEquals(new double[] {0, 2, 4}, s.xs());
        assertArrayEquals(new double[] {100, 102, 104}, s.ys());
        s.add(5, 105);
        s.add(6, 106);
        assertArrayEquals(new double[] {0, 2, 4, 6}, s.xs());
    }

    @Test
    void neverHoldsMoreThanItsCapacityAndSpansTheWholeRun() {
        DownsampledSeries s = new DownsampledSeries(64);
        for (int i = 0; i < 1_000_000; i++) {
            s.add(i, i);
        }
        double[] xs = s.xs();
        assertEquals(true, xs.length <= 64 && xs.length >= 32, "kept " + xs.length);
        assertEquals(0, xs[0]);
        assertEquals(true, xs[xs.length - 1] >= 1_000_000 - 1_000_000 / 32.0, "last kept " + xs[xs.length - 1]);
        for (int i = 1; i < xs.length; i++) {
            assertEquals(xs[1] - xs[0], xs[i] - xs[i - 1], "even spacing at " + i);
        }
    }
}
