package io.nsaas.guest.socket;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A socket's {@link io.nsaas.guest.api.Readiness} bits together with its event sequence number, in
 * one atomic word so the race rule is exact: {@code sequence << 8 | bits}.
 *
 * <p>Race rule: events and completions travel on different rings, so an event that makes an
 * operation possible may be processed before the completion saying the operation could not proceed.
 * An operation therefore reads {@link #sequence()} before it submits its non-blocking request, and
 * when the answer is {@code -EAGAIN} calls {@link #clearIfNoEventSince}: the bit is cleared only if
 * no event for the socket arrived in between.
 *
 * <p>Threading: lock-free; events come from the guest's event thread, clears from any thread.
 */
public final class ReadinessState {
    private static final int BITS_MASK = 0xFF;
    private static final int SEQUENCE_SHIFT = 8;

    private final AtomicLong word = new AtomicLong();

    /** @return the current readiness bits */
    public int bits() {
        return (int) (word.get() & BITS_MASK);
    }

    /** @return the number of events seen so far */
    public long sequence() {
        return word.get() >>> SEQUENCE_SHIFT;
    }

    /** Records an event: the sequence moves on and {@code bits} are set. */
    public void onEvent(int bits) {
        long current;
        long next;
        do {
            current = word.get();
            next = (((current >>> SEQUENCE_SHIFT) + 1) << SEQUENCE_SHIFT) | ((current | bits) & BITS_MASK);
        } while (!word.compareAndSet(current, next));
    }

    /** Sets bits without counting an event (local knowledge, e.g. a fresh connection is writable). */
    public void set(int bits) {
        long current;
        do {
            current = word.get();
        } while (!word.compareAndSet(current, current | (bits & BITS_MASK)));
    }

    /**
     * Clears {@code bit} unless an event arrived since {@code sequence} was read.
     *
     * @return whether the bit was cleared
     */
    public boolean clearIfNoEventSince(int bit, long sequence) {
        long current;
        do {
            current = word.get();
            if ((current >>> SEQUENCE_SHIFT) != sequence) {
                return false;
            }
        } while (!word.compareAndSet(current, current & ~(long) bit));
        return true;
    }

    /** Clears {@code bit} unconditionally (one-shot bits such as CONNECT once consumed). */
    public void clear(int bit) {
        long current;
        do {
            current = word.get();
        } while (!word.compareAndSet(current, current & ~(long) bit));
    }
}
