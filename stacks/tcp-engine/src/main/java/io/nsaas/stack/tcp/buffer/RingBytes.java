package io.nsaas.stack.tcp.buffer;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Copies between an agrona buffer and a circular {@code byte[]}, splitting a copy that crosses the end
 * of the array into two. Shared by {@link SendBuffer} and {@link ReceiveBuffer}; callers have already
 * checked that {@code length} fits in the ring.
 */
final class RingBytes {
    private RingBytes() {
    }

    /** Copies {@code length} bytes from {@code src} into {@code ring} starting at ring index {@code position}. */
    static void copyIn(byte[] ring, int position, DirectBuffer src, int srcOffset, int length) {
        int first = Math.min(length, ring.length - position);
        src.getBytes(srcOffset, ring, position, first);
        if (first < length) {
            src.getBytes(srcOffset + first, ring, 0, length - first);
        }
    }

    /** Copies {@code length} bytes out of {@code ring} starting at ring index {@code position} into {@code dst}. */
    static void copyOut(byte[] ring, int position, MutableDirectBuffer dst, int dstOffset, int length) {
        int first = Math.min(length, ring.length - position);
        dst.putBytes(dstOffset, ring, position, first);
        if (first < length) {
            dst.putBytes(dstOffset + first, ring, 0, length - first);
        }
    }

    /** Ring index {@code distance} bytes after {@code position}, for {@code 0 <= distance <= capacity}. */
    static int advance(int position, int distance, int capacity) {
        int next = position + distance;
        return next >= capacity ? next - capacity : next;
    }

    /** Fails with a one-line message naming the argument when a range does not fit its buffer. */
    static void checkRange(String what, int offset, int length, int bufferCapacity) {
        if (offset < 0 || length < 0 || offset > bufferCapacity - length) {
            throw new IndexOutOfBoundsException(what + ": offset " + offset + " length " + length
                + " does not fit a buffer of capacity " + bufferCapacity + "; pass a range inside the buffer");
        }
    }
}
