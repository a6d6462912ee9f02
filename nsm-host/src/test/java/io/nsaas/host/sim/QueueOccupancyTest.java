package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueueOccupancyTest {

    @Test
    void statisticsAreWeightedByTimeHeld() {
        QueueOccupancy occupancy = new QueueOccupancy();
        occupancy.hold(0, 900);   // 90 % of the time empty
        occupancy.hold(10, 60);   // 6 % at 10
        occupancy.hold(200, 40);  // 4 % at 200 (beyond the initial histogram)
        occupancy.hold(500, 0);   // an instant holds no time
        QueueStats stats = occupancy.stats();
        assertEquals((10 * 60 + 200 * 40) / 1000.0, stats.mean(), 1e-9);
        assertEquals(0, stats.p50());
        assertEquals(10, stats.p95());
        assertEquals(200, stats.p99());
        assertEquals(200, stats.max());
    }

    @Test
    void nothingRecordedIsAllZero() {
        assertEquals(new QueueStats(0, 0, 0, 0, 0), new QueueOccupancy().stats());
    }
}
