package io.nsaas.stack.tcp.buffer;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One connection's receive queue (RFC 9293 3.3.1): in-order bytes waiting for the application, followed
 * by out-of-order bytes already written at their final place in the same ring, with a small table of the
 * out-of-order ranges (an assembler in the manner of smoltcp's {@code Assembler}).
 *
 * <pre>
 *   ring:   head                 RCV.NXT = head+readable (mod capacity)           head+capacity
 *           |&lt;--- readable ----&gt;|&lt;------------------- window() -------------------&gt;|
 *           | in-order, unread   | hole | range 0 | hole | range 1 | ...            |
 *                                0 .... offsets from RCV.NXT used by write() .... window()
 * </pre>
 *
 * <p>Ranges are half-open {@code [start, end)} offsets from RCV.NXT, sorted, disjoint and never touching
 * (touching ranges are merged). When a write fills the hole at RCV.NXT, the contiguous prefix becomes
 * readable and the remaining ranges shift down. A write never touches bytes before RCV.NXT, so delivered
 * and readable data cannot be corrupted; bytes of a retransmission that overlap stored ones overwrite them
 * with (for a correct peer) identical bytes.
 *
 * <p>Memory: the data array is allocated on the first write that stores a byte and the range table on the
 * first out-of-order write, not in the constructor: an idle connection costs only this object.
 * {@link #release()} frees both when the buffer is empty. No other method allocates.
 *
 * <p>Threading: not thread-safe; owned by the connection's duty-cycle thread.
 *
 * <p>Errors: per-segment input never throws: data outside the window is trimmed or ignored, and a write
 * that would need one range more than the table holds returns -1. Ranges outside the caller's own
 * buffers are programming errors and throw {@link IndexOutOfBoundsException}.
 */
public final class ReceiveBuffer {
    /** Largest capacity accepted, so ring index arithmetic never overflows. */
    public static final int MAX_CAPACITY = 1 << 30;
    /** Largest range table accepted. */
    public static final int MAX_RANGES = 1024;
    /** Returned by {@link #write} when the segment needed a new range and the table is full. */
    public static final int RANGE_TABLE_FULL = -1;

    private final int capacity;
    private final int maxRanges;
    private byte[] ring;
    private int head;
    private int readable;

    /** Range i is {@code [ranges[2i], ranges[2i+1])} in offsets from RCV.NXT; null until first needed. */
    private int[] ranges;
    /** When range i last received a segment (a value of {@link #clock}); orders SACK blocks. */
    private long[] stamps;
    private int rangeCount;
    private long clock;

    /**
     * @param capacity bytes the ring holds (readable plus out-of-order), 1..{@link #MAX_CAPACITY}
     * @param maxOutOfOrderRanges out-of-order ranges tracked at once, 0..{@link #MAX_RANGES} (0 drops all
     *     out-of-order data)
     * @throws IllegalArgumentException when an argument is out of range
     */
    public ReceiveBuffer(int capacity, int maxOutOfOrderRanges) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("ReceiveBuffer capacity " + capacity + " is out of range; use 1.."
                + MAX_CAPACITY + " bytes");
        }
        if (maxOutOfOrderRanges < 0 || maxOutOfOrderRanges > MAX_RANGES) {
            throw new IllegalArgumentException("ReceiveBuffer maxOutOfOrderRanges " + maxOutOfOrderRanges
                + " is out of range; use 0.." + MAX_RANGES);
        }
        this.capacity = capacity;
        this.maxRanges = maxOutOfOrderRanges;
    }

    /**
     * Stores segment data that starts {@code offsetFromRcvNxt} bytes after RCV.NXT. A negative offset
     * (a segment starting before RCV.NXT) skips the already received prefix; bytes beyond the window are
     * trimmed (RFC 9293 3.10.7.4, "segment text ... trimmed to the window").
     *
     * @return bytes that became contiguous, i.e. how far RCV.NXT advances (0 when the data went out of
     *     order, was a duplicate or fell outside the window), or {@link #RANGE_TABLE_FULL} when the data
     *     needed a new out-of-order range and the table was full: nothing was stored; the caller just ACKs
     */
    public int write(int offsetFromRcvNxt, DirectBuffer src, int offset, int length) {
        RingBytes.checkRange("ReceiveBuffer.write source", offset, length, src.capacity());
        int start = offsetFromRcvNxt;
        if (start < 0) {
            long skip = -(long) start;
            if (skip >= length) {
                return 0;
            }
            offset += (int) skip;
            length -= (int) skip;
            start = 0;
        }
        int window = capacity - readable;
        if (start >= window) {
            return 0;
        }
        length = Math.min(length, window - start);
        if (length == 0) {
            return 0;
        }
        int end = start + length;
        int first = 0;
        while (first < rangeCount && ranges[2 * first + 1] < start) {
            first++;
        }
        int last = first;
        while (last < rangeCount && ranges[2 * last] <= end) {
            last++;
        }
        if (start > 0 && first == last && rangeCount == maxRanges) {
            return RANGE_TABLE_FULL;
        }
        if (ring == null) {
            ring = new byte[capacity];
            head = 0;
        }
        RingBytes.copyIn(ring, RingBytes.advance(head, readable + start, capacity), src, offset, length);
        if (first < last) {
            start = Math.min(start, ranges[2 * first]);
            end = Math.max(end, ranges[2 * last - 1]);
        }
        if (start == 0) {
            // first == 0 here: ranges never start at offset 0.
            removeRanges(0, last);
            readable += end;
            for (int i = 0; i < 2 * rangeCount; i++) {
                ranges[i] -= end;
            }
            return end;
        }
        replaceRanges(first, last, start, end);
        return 0;
    }

    /**
     * Copies up to {@code length} in-order bytes into {@code dst} and removes them.
     *
     * @return bytes copied, 0 when none are readable
     */
    public int read(MutableDirectBuffer dst, int offset, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("ReceiveBuffer.read: length " + length + " is negative");
        }
        int n = Math.min(length, readable);
        if (n == 0) {
            return 0;
        }
        RingBytes.checkRange("ReceiveBuffer.read destination", offset, n, dst.capacity());
        RingBytes.copyOut(ring, head, dst, offset, n);
        readable -= n;
        head = readable == 0 && rangeCount == 0 ? 0 : RingBytes.advance(head, n, capacity);
        return n;
    }

    /** In-order bytes the application can read. */
    public int readable() {
        return readable;
    }

    /** Space for data from RCV.NXT on: {@code capacity() - readable()} (out-of-order data lies inside it). */
    public int window() {
        return capacity - readable;
    }

    public int capacity() {
        return capacity;
    }

    /** Whether any out-of-order data is held (there is a hole at RCV.NXT). */
    public boolean hasOutOfOrder() {
        return rangeCount != 0;
    }

    /** Number of out-of-order ranges held. */
    public int outOfOrderRanges() {
        return rangeCount;
    }

    /** Whether the data array exists (created by the first write that stores bytes). */
    public boolean isAllocated() {
        return ring != null;
    }

    /**
     * Frees the data array and range table when nothing is readable or held out of order (an idle
     * connection); the next write allocates them again.
     *
     * @return whether anything was released
     */
    public boolean release() {
        if (readable != 0 || rangeCount != 0 || (ring == null && ranges == null)) {
            return false;
        }
        ring = null;
        ranges = null;
        stamps = null;
        head = 0;
        return true;
    }

    /**
     * Fills SACK blocks (RFC 2018 section 4) for the out-of-order ranges as absolute sequence numbers:
     * first the range that most recently received a segment (it contains the segment that triggered this
     * ACK, unless that segment advanced RCV.NXT), then the others from most to least recently updated, so
     * the most recently reported blocks are repeated. Each range appears once.
     *
     * @param rcvNxt the connection's RCV.NXT, the sequence number at offset 0
     * @return blocks written: {@code min(max, outOfOrderRanges(), left.length, right.length)}
     */
    public int sackBlocks(int rcvNxt, int[] left, int[] right, int max) {
        int n = Math.min(Math.min(max, rangeCount), Math.min(left.length, right.length));
        long previous = Long.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            int best = -1;
            for (int i = 0; i < rangeCount; i++) {
                if (stamps[i] < previous && (best < 0 || stamps[i] > stamps[best])) {
                    best = i;
                }
            }
            left[k] = rcvNxt + ranges[2 * best];
            right[k] = rcvNxt + ranges[2 * best + 1];
            previous = stamps[best];
        }
        return Math.max(n, 0);
    }

    /** Replaces ranges {@code [first, last)} (possibly none) with {@code [start, end)}, stamped as newest. */
    private void replaceRanges(int first, int last, int start, int end) {
        if (ranges == null) {
            ranges = new int[2 * maxRanges];
            stamps = new long[maxRanges];
        }
        if (first == last) {
            System.arraycopy(ranges, 2 * first, ranges, 2 * first + 2, 2 * (rangeCount - first));
            System.arraycopy(stamps, first, stamps, first + 1, rangeCount - first);
            rangeCount++;
        } else {
            removeRanges(first + 1, last);
        }
        ranges[2 * first] = start;
        ranges[2 * first + 1] = end;
        stamps[first] = ++clock;
    }

    /** Removes ranges {@code [from, to)}. */
    private void removeRanges(int from, int to) {
        int removed = to - from;
        if (removed == 0) {
            return;
        }
        System.arraycopy(ranges, 2 * to, ranges, 2 * from, 2 * (rangeCount - to));
        System.arraycopy(stamps, to, stamps, from, rangeCount - to);
        rangeCount -= removed;
    }
}
