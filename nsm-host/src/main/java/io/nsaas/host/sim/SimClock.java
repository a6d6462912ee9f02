package io.nsaas.host.sim;

import org.agrona.concurrent.NanoClock;

/**
 * The simulator's virtual clock: time stands still until the event loop moves it forward with
 * {@link #advanceTo}. Starts at 0. Every stack, NSM timer wheel, link and pcap writer of a run reads
 * this clock, so nothing on the simulated path sees the wall clock.
 *
 * <p>Threading: the simulator's thread only (a plain field, no fences).
 */
public final class SimClock implements NanoClock {
    private long now;

    @Override
    public long nanoTime() {
        return now;
    }

    /**
     * Moves time forward to {@code nanos}; moving to the current time is a no-op.
     *
     * @throws IllegalArgumentException when {@code nanos} lies in the past: virtual time never runs backwards
     */
    public void advanceTo(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("virtual time cannot go back from " + now + " ns to " + nanos + " ns");
        }
        now = nanos;
    }
}
