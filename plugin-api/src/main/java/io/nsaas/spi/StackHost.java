package io.nsaas.spi;

import java.util.random.RandomGenerator;
import org.agrona.DirectBuffer;

/**
 * Everything a stack instance may take from its surroundings. Stack code never reads the wall
 * clock, never starts threads, never blocks and never uses an unseeded random: it asks this host,
 * so the same code runs in real time and in the simulator's virtual time.
 *
 * <p>Threading: every method must be called on the owning NSM thread (the thread that calls into
 * the {@link StackInstance}). Nothing here blocks.
 */
public interface StackHost {

    /** @return the current time in nanoseconds on the host's clock (monotonic; virtual in the simulator) */
    long nanoTime();

    /**
     * Arms a one-shot timer. When the deadline passes the host calls
     * {@link StackInstance#onTimer(long, long)} with the returned id.
     *
     * @param deadlineNanos absolute deadline on {@link #nanoTime()}'s clock; a past deadline fires on
     *                      the next duty cycle
     * @return the timer id, never negative
     */
    long scheduleTimer(long deadlineNanos);

    /**
     * Disarms a timer.
     *
     * @return true when the timer was armed and is now cancelled, false when it already fired or is unknown
     */
    boolean cancelTimer(long timerId);

    /**
     * @return this tenant's deterministic random source, seeded by the host (fixed seeds in tests and
     *         in the simulator); not shared with other tenants
     */
    RandomGenerator random();

    /**
     * Sends one IPv4 packet (starting with the IPv4 header) into the fabric. Packet-level stacks only.
     * The bytes are copied before this returns; the buffer stays the caller's.
     *
     * @return true when the fabric took the packet, false when it was dropped (no route, full queue)
     */
    boolean transmit(DirectBuffer packet, int offset, int length);

    /** @return the tenant's IPv4 address as a big-endian int (for example 10.0.0.1 is {@code 0x0A000001}) */
    int localAddress();

    /** @return the id of the tenant this instance serves, for log lines */
    String tenantId();

    /** @return the logger for this instance; lines are prefixed with the tenant and stack ids */
    StackLogger logger();
}
