package io.nsaas.host.nsm;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.IdleStrategy;

/**
 * An NSM's idle back-off measured in time rather than in calls: after the last work it busy-spins
 * for {@code spinNanos}, then yields for {@code yieldNanos}, then parks from {@code minParkNanos}
 * doubling up to {@code maxParkNanos}. A request/response exchange whose next NQE or packet comes
 * within the spin window therefore meets a running thread instead of a parked one (a timed park
 * lasts at least the kernel's timer slack, ~50 us on Linux); an idle tenant reaches the long parks
 * after {@code spinNanos + yieldNanos} and costs next to no CPU.
 *
 * <p>System properties (read by {@link #fromSystemProperties()}, microseconds):
 * {@value #SPIN_PROPERTY} (default {@value #DEFAULT_SPIN_MICROS}) and {@value #YIELD_PROPERTY}
 * (default {@value #DEFAULT_YIELD_MICROS}); 0 skips a phase.
 *
 * <p>Threading: one instance per agent thread. Reads {@code System.nanoTime()} (the idle strategy is
 * host machinery, never stack code; the simulator does not use it).
 */
public final class SpinYieldParkIdleStrategy implements IdleStrategy {
    static final String SPIN_PROPERTY = "nsaas.nsm.spin-micros";
    static final String YIELD_PROPERTY = "nsaas.nsm.yield-micros";
    static final long DEFAULT_SPIN_MICROS = 0;
    static final long DEFAULT_YIELD_MICROS = 100;
    private static final long MAX_PHASE_MICROS = TimeUnit.SECONDS.toMicros(1);
    private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long spinNanos;
    private final long yieldNanos;
    private final long minParkNanos;
    private final long maxParkNanos;
    private long idleSince;
    private long parkNanos;
    private boolean idle;

    /**
     * @throws IllegalArgumentException for a negative phase or park bounds that are not {@code 0 < min <= max}
     */
    public SpinYieldParkIdleStrategy(long spinNanos, long yieldNanos, long minParkNanos, long maxParkNanos) {
        if (spinNanos < 0 || yieldNanos < 0 || minParkNanos <= 0 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("idle strategy: spin " + spinNanos + " ns, yield " + yieldNanos
                + " ns, park " + minParkNanos + ".." + maxParkNanos + " ns; phases must be >= 0 and 0 < min park <= max park");
        }
        this.spinNanos = spinNanos;
        this.yieldNanos = yieldNanos;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.parkNanos = minParkNanos;
    }

    /**
     * @return spin and yield phases from the system properties (clamped to 0..1 s), parks 1 us..1 ms
     */
    public static SpinYieldParkIdleStrategy fromSystemProperties() {
        return new SpinYieldParkIdleStrategy(micros(SPIN_PROPERTY, DEFAULT_SPIN_MICROS),
            micros(YIELD_PROPERTY, DEFAULT_YIELD_MICROS), MIN_PARK_NANOS, MAX_PARK_NANOS);
    }

    private static long micros(String property, long fallback) {
        long value = Long.getLong(property, fallback);
        return TimeUnit.MICROSECONDS.toNanos(Math.max(0, Math.min(MAX_PHASE_MICROS, value)));
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        long now = System.nanoTime();
        if (!idle) {
            idle = true;
            idleSince = now;
        }
        long elapsed = now - idleSince;
        if (elapsed < spinNanos) {
            Thread.onSpinWait();
        } else if (elapsed < spinNanos + yieldNanos) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    @Override
    public void reset() {
        idle = false;
        parkNanos = minParkNanos;
    }

    @Override
    public String alias() {
        return "spin-yield-park";
    }
}
