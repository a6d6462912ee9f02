package io.nsaas.host.nsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SpinYieldParkIdleStrategyTest {
    private static final long US = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void idleThreadPastSpinAndYieldParksInsteadOfBurningACore() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        SpinYieldParkIdleStrategy strategy = new SpinYieldParkIdleStrategy(50 * US, 100 * US, US, MS);
        Thread idler = new Thread(() -> {
            while (!stop.get()) {
                strategy.idle(0);
            }
        });
        idler.start();
        try {
            Thread.sleep(50); // past the spin and yield phases
            long cpuBefore = mx.getThreadCpuTime(idler.getId());
            long wallBefore = System.nanoTime();
            Thread.sleep(300);
            long cpu = mx.getThreadCpuTime(idler.getId()) - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            assertTrue(cpu < wall / 10, "idle NSM thread used " + cpu / 1_000_000 + " ms CPU in " + wall / 1_000_000 + " ms");
        } finally {
            stop.set(true);
            idler.join();
        }
    }

    @Test
    void workRestartsTheSpinPhaseSoTheNextCallsDoNotPark() {
        SpinYieldParkIdleStrategy spinning = new SpinYieldParkIdleStrategy(TimeUnit.SECONDS.toNanos(10), 0, MS, MS);
        spinning.idle(0);
        spinning.idle(1);
        long start = System.nanoTime();
        for (int i = 0; i < 5_000; i++) {
            spinning.idle(0);
        }
        long took = System.nanoTime() - start;
        assertTrue(took < TimeUnit.SECONDS.toNanos(2), "5000 idle calls in the spin phase took " + took / 1_000_000
            + " ms; parking 1 ms each would take 5 s");
    }

    @Test
    void rejectsNegativePhasesAndInvertedParkBounds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new SpinYieldParkIdleStrategy(-1, 0, US, MS));
        assertTrue(e.getMessage().startsWith("idle strategy: spin -1 ns"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SpinYieldParkIdleStrategy(0, 0, MS, US));
        assertThrows(IllegalArgumentException.class, () -> new SpinYieldParkIdleStrategy(0, 0, 0, US));
        assertEquals("spin-yield-park", SpinYieldParkIdleStrategy.fromSystemProperties().alias());
    }
}
