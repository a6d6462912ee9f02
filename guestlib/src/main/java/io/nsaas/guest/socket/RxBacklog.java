package io.nsaas.guest.socket;

import org.agrona.collections.LongArrayQueue;

/**
 * Received bytes the host pushed with EV_DATA before the application read them: host-rx chunk
 * ranges the guest owns, in arrival order. The reader copies out of the head range and each chunk
 * goes back to the host as soon as it is fully read.
 *
 * <p>Threading: the event thread adds, the socket's reader (under its read lock) takes; both
 * synchronise on this object. Ranges are packed as {@code offset << 32 | length}.
 */
final class RxBacklog {
    private final LongArrayQueue ranges = new LongArrayQueue(Long.MIN_VALUE);
    private int headStart = -1;
    private int headOffset;
    private int headRemaining;

    synchronized void add(int dataOffset, int length) {
        ranges.offerLong((long) dataOffset << 32 | (length & 0xFFFF_FFFFL));
    }

    synchronized boolean isEmpty() {
        return headRemaining == 0 && ranges.isEmpty();
    }

    /** @return the data offset of up to {@code max} readable bytes at the head, or -1 when empty; see {@link #headLength} */
    synchronized int headOffset() {
        if (headRemaining == 0) {
            if (ranges.isEmpty()) {
                return -1;
            }
            long range = ranges.pollLong();
            headStart = (int) (range >>> 32);
            headOffset = headStart;
            headRemaining = (int) range;
        }
        return headOffset;
    }

    /** @return the bytes left in the head range (call after {@link #headOffset}) */
    synchronized int headLength() {
        return headRemaining;
    }

    /** Marks {@code n} head bytes read; returns the head chunk to the host once it is empty. */
    synchronized void consumed(int n, SocketTransport transport) {
        headOffset += n;
        headRemaining -= n;
        if (headRemaining == 0 && headStart >= 0) {
            transport.returnRxChunk(headStart);
            headStart = -1;
        }
    }

    /** Returns every chunk still held (socket closed). */
    synchronized void returnAll(SocketTransport transport) {
        if (headRemaining > 0 && headStart >= 0) {
            transport.returnRxChunk(headStart);
        }
        headStart = -1;
        headRemaining = 0;
        while (!ranges.isEmpty()) {
            transport.returnRxChunk((int) (ranges.pollLong() >>> 32));
        }
    }
}
